import { createConnection, type Socket } from 'node:net';
import { z } from 'zod';
import { WorkbenchError } from '../../../common/api/errors';
import { firstDelivery } from '../first-delivery';

/** One QMP message (QEMU Machine Protocol, one JSON object per line): a greeting, a reply or an event. */
const QmpMessage = z.union([
  z.object({ QMP: z.object({ version: z.object({ qemu: z.object({ major: z.number(), minor: z.number(), micro: z.number() }) }) }).passthrough() }),
  z.object({ return: z.unknown(), id: z.number().optional() }),
  z.object({ error: z.object({ class: z.string(), desc: z.string() }), id: z.number().optional() }),
  z.object({ event: z.string(), data: z.record(z.string(), z.unknown()).optional(), timestamp: z.object({ seconds: z.number(), microseconds: z.number() }) }),
]);

export interface QmpEvent {
  event: string;
  data: Record<string, unknown>;
  /** QEMU's own stamp of the event, ms since the epoch. */
  wallMs: number;
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; command: string };

/**
 * A QMP client on QEMU's control socket: commands answered in order by id,
 * events to listeners. Every message is checked against the protocol's
 * shape; anything else is a protocol error that names the line.
 */
export class QmpClient {
  private buffer = '';
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: QmpEvent) => void>();
  private closedError: Error | null = null;
  version = '';

  private constructor(private readonly socket: Socket) {}

  /** Connects to `path` (QEMU's `-qmp unix:PATH,server=on`), reads the greeting and leaves capabilities negotiation. */
  static async connect(path: string): Promise<QmpClient> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = createConnection(path);
      s.once('connect', () => resolve(s));
      s.once('error', (e) => reject(new WorkbenchError('device', `Cannot reach QEMU's QMP socket ${path}: ${e.message}`, 'qmp')));
    });
    const client = new QmpClient(socket);
    const greeting = new Promise<void>((resolve, reject) => {
      client.onGreeting = resolve;
      client.onEarlyClose = reject;
    });
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => client.receive(text));
    socket.on('close', () => client.fail(new WorkbenchError('device', 'QEMU closed its QMP socket (the machine has stopped)', 'qmp')));
    socket.on('error', (e) => client.fail(new WorkbenchError('device', `QMP socket: ${e.message}`, 'qmp')));
    await greeting;
    await client.execute('qmp_capabilities');
    return client;
  }

  private onGreeting: (() => void) | null = null;
  private onEarlyClose: ((error: Error) => void) | null = null;

  /** Runs one command; resolves with its `return`, rejects with QEMU's error class and text. */
  execute(command: string, args?: Record<string, unknown>): Promise<unknown> {
    if (this.closedError) return Promise.reject(this.closedError);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, command });
      this.socket.write(`${JSON.stringify({ execute: command, ...(args ? { arguments: args } : {}), id })}\n`);
    });
  }

  onEvent(listener: (event: QmpEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the first event called `name` that satisfies `match`, or null after `timeoutMs` or once `signal` aborts. */
  waitForEvent(name: string, timeoutMs: number, match: (event: QmpEvent) => boolean = () => true, signal?: AbortSignal): Promise<QmpEvent | null> {
    return firstDelivery<QmpEvent | null>(
      (deliver) =>
        this.onEvent((event) => {
          if (event.event === name && match(event)) deliver(event);
        }),
      timeoutMs,
      null,
      signal,
    );
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(text: string): void {
    this.buffer += text;
    for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      if (line) this.handle(line);
    }
  }

  private handle(line: string): void {
    let parsed: z.infer<typeof QmpMessage>;
    try {
      parsed = QmpMessage.parse(JSON.parse(line));
    } catch {
      this.fail(new WorkbenchError('device', `QEMU sent something that is not QMP: ${line.slice(0, 200)}`, 'qmp'));
      return;
    }
    if ('QMP' in parsed) {
      const v = parsed.QMP.version.qemu;
      this.version = `${v.major}.${v.minor}.${v.micro}`;
      this.onGreeting?.();
      return;
    }
    if ('event' in parsed) {
      const event: QmpEvent = { event: parsed.event, data: parsed.data ?? {}, wallMs: parsed.timestamp.seconds * 1000 + parsed.timestamp.microseconds / 1000 };
      for (const listener of [...this.listeners]) listener(event);
      return;
    }
    const pending = parsed.id === undefined ? undefined : this.pending.get(parsed.id);
    if (!pending || parsed.id === undefined) return;
    this.pending.delete(parsed.id);
    if ('error' in parsed) pending.reject(new WorkbenchError('device', `QEMU refused ${pending.command}: ${parsed.error.desc} (${parsed.error.class})`, 'qmp'));
    else pending.resolve(parsed.return);
  }

  private fail(error: Error): void {
    if (this.closedError) return;
    this.closedError = error;
    this.onEarlyClose?.(error);
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
