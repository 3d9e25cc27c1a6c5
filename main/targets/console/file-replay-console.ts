import { createReadStream } from 'node:fs';
import { WorkbenchError } from '../../../common/api/errors';
import { systemClock, type HostClock } from '../clock';
import type { ConsoleSink, ConsoleSource } from './console-source';

export interface FileReplayOptions {
  path: string;
  clock?: HostClock;
  /** Read size; a capture is delivered in chunks like a live console would. */
  chunkBytes?: number;
}

/** Replays a saved console capture (a UART log, a dmesg) for offline work. Input is refused: nobody listens. */
export class FileReplayConsole implements ConsoleSource {
  readonly id: string;
  readonly label: string;
  private readonly clock: HostClock;
  private stream: ReturnType<typeof createReadStream> | null = null;
  /** Resolves once the whole file was delivered (or the replay was closed). */
  readonly finished: Promise<void>;
  private finish!: () => void;

  constructor(private readonly options: FileReplayOptions) {
    this.id = `file:${options.path}`;
    this.label = `replay of ${options.path}`;
    this.clock = options.clock ?? systemClock;
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  start(sink: ConsoleSink): Promise<void> {
    return new Promise((resolve, reject) => {
      const stream = createReadStream(this.options.path, { highWaterMark: this.options.chunkBytes ?? 64 * 1024 });
      this.stream = stream;
      stream.once('error', (error: NodeJS.ErrnoException) => {
        const kind = error.code === 'ENOENT' ? 'not-found' : error.code === 'EACCES' ? 'unauthorized' : 'device';
        reject(new WorkbenchError(kind, `Cannot replay ${this.options.path}: ${error.message}`, this.options.path));
        this.finish();
      });
      stream.once('open', () => {
        sink.state('open');
        resolve();
      });
      stream.on('data', (data) => sink.bytes(data as Buffer, this.clock.monotonicMs(), this.clock.wallMs()));
      stream.once('end', () => {
        sink.state('closed', 'end of file');
        this.finish();
      });
    });
  }

  async write(): Promise<void> {
    throw new WorkbenchError('unsupported', `${this.label} is a recording: there is no console to type to`, this.options.path);
  }

  async close(): Promise<void> {
    this.stream?.destroy();
    this.stream = null;
    this.finish();
  }
}
