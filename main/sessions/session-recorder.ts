import { open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogRecord } from '../../common/domain/log-record';
import type { SwitchRecord } from '../../common/domain/switch-record';
import { SessionFiles, type SessionEnding, type SessionMark, type SessionMeta } from '../../common/sessions/session-meta';
import { summarize } from '../../common/sessions/statistics';
import { writeFileAtomic } from './atomic-file';
import { SessionError } from './session-error';

export interface RecorderOptions {
  /** Buffered log records are written and fsynced at least this often. */
  syncIntervalMs: number;
  clock: () => number;
  /** Called after every successful sync with the totals now durable on disk. */
  onSynced?: (durable: RecorderCounts) => void;
  /** Called when a background sync fails; the next appendSwitch/mark/finish rejects with the same error. */
  onError?: (error: SessionError) => void;
  /** Called once the recorder has finished (or failed to), so the store can forget it. */
  onClosed?: () => void;
}

export interface RecorderCounts {
  logs: number;
  switches: number;
  marks: number;
}

/** How a recording ended, as its owner says it: interruption is only ever found by recovery. */
export interface FinishHow {
  how: Extract<SessionEnding['how'], 'finished' | 'failed' | 'cancelled'>;
  message?: string;
}

interface Appender {
  handle: FileHandle;
  pending: string[];
}

/**
 * Writes one session as it happens. Log records are buffered and written +
 * fsynced every `syncIntervalMs`; a switch record or a mark forces a sync of
 * everything buffered so far (logs first, so a switch never refers to lines
 * that are not on disk). Created by `SessionStore.create`.
 */
export class SessionRecorder {
  private readonly appenders: { log: Appender; switches: Appender; marks: Appender };
  private readonly switches: SwitchRecord[] = [];
  private readonly marks: SessionMark[] = [];
  private readonly counts: RecorderCounts = { logs: 0, switches: 0, marks: 0 };
  private readonly durable: RecorderCounts = { logs: 0, switches: 0, marks: 0 };
  private chain: Promise<void> = Promise.resolve();
  private failure: SessionError | null = null;
  private timer: ReturnType<typeof setInterval> | null;
  private finished = false;

  private constructor(
    readonly id: string,
    readonly dir: string,
    private meta: SessionMeta,
    handles: { log: FileHandle; switches: FileHandle; marks: FileHandle },
    private readonly options: RecorderOptions,
  ) {
    this.appenders = {
      log: { handle: handles.log, pending: [] },
      switches: { handle: handles.switches, pending: [] },
      marks: { handle: handles.marks, pending: [] },
    };
    this.timer = setInterval(() => {
      if (this.appenders.log.pending.length) void this.flush().catch(() => undefined);
    }, options.syncIntervalMs);
    // The recorder never keeps a process alive on its own: its owner finishes it.
    this.timer.unref();
  }

  /** Opens the append files of a session folder whose meta and script are already written. */
  static async start(dir: string, meta: SessionMeta, options: RecorderOptions): Promise<SessionRecorder> {
    const log = await open(join(dir, SessionFiles.log), 'a');
    const switches = await open(join(dir, SessionFiles.switches), 'a');
    const marks = await open(join(dir, SessionFiles.marks), 'a');
    return new SessionRecorder(meta.id, dir, meta, { log, switches, marks }, options);
  }

  /** Records received so far, and how many of them are known to be on disk. */
  get totals(): { appended: RecorderCounts; durable: RecorderCounts } {
    return { appended: { ...this.counts }, durable: { ...this.durable } };
  }

  /**
   * Buffers log records; they reach the disk at the next sync. A record of
   * kind `mark` also becomes a session mark, placed after the switches
   * recorded so far.
   */
  appendLogs(records: readonly LogRecord[]): void {
    this.assertOpen();
    for (const record of records) {
      this.appenders.log.pending.push(`${JSON.stringify(record)}\n`);
      this.counts.logs++;
      if (record.kind === 'mark') this.pushMark(record.text, record.hostWallMs);
    }
  }

  /** Appends a derived switch record and syncs everything buffered; resolves once it is on disk. */
  appendSwitch(record: SwitchRecord): Promise<void> {
    this.assertOpen();
    this.switches.push(record);
    this.appenders.switches.pending.push(`${JSON.stringify(record)}\n`);
    this.counts.switches++;
    return this.flush();
  }

  /** Places a named mark after the switches recorded so far (e.g. "warm-up done") and syncs. */
  mark(label: string): Promise<void> {
    this.assertOpen();
    this.pushMark(label, this.options.clock());
    return this.flush();
  }

  /** Writes and fsyncs everything buffered. Syncs run one after another, in call order. */
  flush(): Promise<void> {
    const run = this.chain.then(() => this.sync());
    this.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * Ends the recording: final sync, summary, metadata marked `complete`
   * atomically, lock removed. Resolves to the final metadata.
   */
  async finish(how: FinishHow): Promise<SessionMeta> {
    if (this.finished) throw new SessionError('finished', `session ${this.id} is already finished`);
    this.finished = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    try {
      // After a failed sync the session stays `running` on disk: recovery will mark it interrupted.
      if (this.failure) throw this.failure;
      await this.flush();
      await writeFileAtomic(join(this.dir, SessionFiles.summary), `${JSON.stringify(summarize(this.switches), null, 2)}\n`);
      this.meta = {
        ...this.meta,
        status: 'complete',
        ended: new Date(this.options.clock()).toISOString(),
        ending: { how: how.how, message: how.message ?? '' },
      };
      await writeFileAtomic(join(this.dir, SessionFiles.meta), `${JSON.stringify(this.meta, null, 2)}\n`);
      await rm(join(this.dir, SessionFiles.lock), { force: true });
      return this.meta;
    } catch (error) {
      throw error instanceof SessionError ? error : new SessionError('io', `session ${this.id}: could not finish the recording in ${this.dir}: ${(error as Error).message}`);
    } finally {
      await this.closeHandles();
      this.options.onClosed?.();
    }
  }

  private pushMark(label: string, hostWallMs: number): void {
    const mark: SessionMark = { label, switchIndex: this.switches.length, hostWallMs };
    this.marks.push(mark);
    this.appenders.marks.pending.push(`${JSON.stringify(mark)}\n`);
    this.counts.marks++;
  }

  private assertOpen(): void {
    if (this.finished) throw new SessionError('finished', `session ${this.id} is finished; nothing more can be recorded in it`);
    if (this.failure) throw this.failure;
  }

  private async sync(): Promise<void> {
    if (this.failure) throw this.failure;
    const before = { ...this.counts };
    try {
      // Logs before switches and marks: a switch on disk always has its lines on disk. Everything is taken
      // before the first await, so a switch appended while the logs are being written waits for the next sync with its lines.
      const batches = [this.appenders.log, this.appenders.switches, this.appenders.marks].map((appender) => {
        const text = appender.pending.join('');
        appender.pending = [];
        return { appender, text };
      });
      for (const { appender, text } of batches) {
        if (text.length === 0) continue;
        // appendFile loops until every byte is written; a bare write may stop short.
        await appender.handle.appendFile(text);
        await appender.handle.sync();
      }
    } catch (error) {
      this.failure = new SessionError('io', `session ${this.id}: could not write to ${this.dir}: ${(error as Error).message}`);
      this.options.onError?.(this.failure);
      throw this.failure;
    }
    Object.assign(this.durable, before);
    this.options.onSynced?.({ ...this.durable });
  }

  private async closeHandles(): Promise<void> {
    for (const appender of Object.values(this.appenders)) await appender.handle.close().catch(() => undefined);
  }
}
