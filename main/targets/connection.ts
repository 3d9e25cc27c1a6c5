import type { TargetInfo } from '../../common/api/contract';
import { WorkbenchError } from '../../common/api/errors';
import type { DeviceState } from '../../common/domain/device-state';
import { AdbConnection, type AdbConnectionOptions } from './adb/adb-connection';
import type { AdbServer } from './adb/adb-server';
import { gapRecord, type ConsoleSource, type ConsoleState } from './console/console-source';
import { TcpConsole } from './console/tcp-console';
import { holdUntilOpened, releaseAfterOpen } from './held-sink';
import type { ScriptContext } from '../../common/script/context';
import type { TargetClock, TargetConnection, TargetSink } from './target';
import { wallClock } from './wall-clock';

export interface PhoneConnectionOptions {
  id: string;
  label: string;
  kind: TargetInfo['kind'];
  sink: TargetSink;
  /** Opens the adb side with the sink it should report to (absent: console only, e.g. a detached run). */
  adb?: (sink: TargetSink) => Promise<AdbConnection>;
  console?: ConsoleSource;
  instanceNames?: Record<number, string>;
}

/**
 * What the user picked (an adb device and a console, or the simulator
 * through its wires) as the one TargetConnection the app talks to: one
 * stream of chunks (`kmsg` from adb, `uart` from the console, each with its
 * own gap records) and one set of operations (through adb).
 */
export class PhoneConnection implements TargetConnection {
  private adbSide: AdbConnection | null = null;
  private consoleState: ConsoleState | null = null;
  private consoleDetail: string | undefined;
  private closed = false;

  private constructor(private readonly o: PhoneConnectionOptions) {}

  static async open(options: PhoneConnectionOptions): Promise<PhoneConnection> {
    if (!options.adb && !options.console) throw new WorkbenchError('bad-request', 'Pick an adb device, a console, or both.', 'connection');
    const held = holdUntilOpened(options.sink);
    const o = { ...options, sink: held.sink };
    const connection = new PhoneConnection(o);
    // adb reports its status through us, so the app sees one target.
    const adbSink: TargetSink = { ...o.sink, status: () => o.sink.status(connection.info()) };
    try {
      if (o.console) await connection.startConsole(o.console);
      if (o.adb) connection.adbSide = await o.adb(adbSink);
    } catch (error) {
      await connection.close();
      throw error;
    }
    releaseAfterOpen(held.release);
    return connection;
  }

  info(): TargetInfo {
    const adb = this.adbSide?.info();
    if (this.closed) return { id: this.o.id, kind: this.o.kind, label: this.o.label, status: 'disconnected' };
    const consoleNote = this.consoleState === 'reopening' ? `console: ${this.consoleDetail ?? 'reconnecting'}` : undefined;
    if (adb) {
      const detail = [adb.detail, consoleNote].filter(Boolean).join('; ');
      return { id: this.o.id, kind: this.o.kind, label: this.o.label, status: adb.status, ...(detail ? { detail } : {}) };
    }
    const status = this.consoleState === 'open' ? 'connected' : this.consoleState === 'reopening' ? 'waiting' : 'disconnected';
    return { id: this.o.id, kind: this.o.kind, label: this.o.label, status, ...(consoleNote ? { detail: consoleNote } : {}) };
  }

  instanceNames(): Record<number, string> {
    return this.adbSide?.instanceNames() ?? { ...(this.o.instanceNames ?? { 1: 'ics', 2: 'jb' }) };
  }

  deviceState(): Promise<DeviceState> {
    return this.requireAdb('read the phone state').deviceState();
  }

  writeControl(path: string, text: string): Promise<void> {
    return this.requireAdb(`write ${path}`).writeControl(path, text);
  }

  readControl(path: string): Promise<string> {
    return this.requireAdb(`read ${path}`).readControl(path);
  }

  shell(command: string): Promise<string> {
    return this.requireAdb(`run '${command}'`).shell(command);
  }

  push(localPath: string, remotePath: string, onProgress?: (done: number, total: number) => void): Promise<void> {
    return this.requireAdb(`push ${localPath}`).push(localPath, remotePath, onProgress);
  }

  scriptContext(): Promise<ScriptContext> {
    return this.requireAdb('check a script against the phone').scriptContext();
  }

  /** A phone runs on the wall clock. */
  readonly clock: TargetClock = wallClock();

  /** The adb side, for what only it does (push, logcat, the USB-cable check). */
  adb(): AdbConnection | null {
    return this.adbSide;
  }

  /** Types to the kernel's console. */
  async typeToConsole(bytes: Uint8Array | string): Promise<void> {
    if (!this.o.console) throw new WorkbenchError('unsupported', 'No console is connected: pick a serial port or tcp:// console to type to the kernel.', 'console');
    await this.o.console.write(bytes);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.adbSide?.close(), this.o.console?.close()]);
  }

  private requireAdb(what: string): AdbConnection {
    if (!this.adbSide) throw new WorkbenchError('unsupported', `Cannot ${what} without adb: only a console is connected.`, 'connection');
    return this.adbSide;
  }

  private async startConsole(source: ConsoleSource): Promise<void> {
    await source.start({
      bytes: (bytes, t, wall) => this.o.sink.chunk('uart', bytes, t, wall),
      outage: (outage) => this.o.sink.record('uart', gapRecord(outage, `the console ${source.label}`)),
      state: (state, detail) => {
        this.consoleState = state;
        this.consoleDetail = detail;
        if (!this.closed) this.o.sink.status(this.info());
      },
    });
  }
}

/** The simulator reached the way a phone is: its adbd through the adb server, its UART as a TCP console. */
export function simulatorThroughWires(o: {
  server: AdbServer;
  host: string;
  adbPort: number;
  consolePort: number;
  sink: TargetSink;
  id?: string;
  adbOptions?: Omit<AdbConnectionOptions, 'server' | 'serial' | 'sink' | 'id'>;
}): Promise<PhoneConnection> {
  const id = o.id ?? 'sim';
  return PhoneConnection.open({
    id,
    kind: 'sim',
    label: `Simulated Galaxy Nexus (adb ${o.host}:${o.adbPort}, UART tcp://${o.host}:${o.consolePort})`,
    sink: o.sink,
    console: new TcpConsole({ host: o.host, port: o.consolePort }),
    adb: (sink) => AdbConnection.open({ ...o.adbOptions, server: o.server, serial: `${o.host}:${o.adbPort}`, sink, id }),
  });
}
