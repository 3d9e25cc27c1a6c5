import type { TargetInfo } from '../../../common/api/contract';
import { WorkbenchError } from '../../../common/api/errors';
import type { DeviceState } from '../../../common/domain/device-state';
import { Backoff, pause, systemClock, type HostClock } from '../clock';
import { holdUntilOpened, releaseAfterOpen } from '../held-sink';
import { FSW_SWITCH, parseSwitchRequest, PROC_WAKELOCKS } from '../control-files';
import { DeviceStateReader } from '../device-state-reader';
import { KmsgLedger } from '../kmsg-ledger';
import { asRoot, controlReadError, controlWriteCommand, controlWriteError, shellQuote, type ShellResult } from '../shell-command';
import type { TargetClock, TargetConnection, TargetSink } from '../target';
import { wallClock } from '../wall-clock';
import type { PlatformProfile } from '../../../common/profile/platform-profile';
import { scriptContextFrom } from '../../../common/profile/script-context';
import type { ScriptContext } from '../../../common/script/context';
import { checkUsbCable, waysOutOfTheCable, type UsbCableCheck } from '../usb-cable';
import { isDeviceGone, adbError } from './adb-errors';
import type { AdbServer } from './adb-server';
import { AdbShell, DeviceGoneError } from './adb-shell';
import { readDeviceFacts, recognisePhone, type DeviceFacts } from './device-facts';
import { KmsgFollower } from './kmsg-follower';
import { LogcatFollower } from './logcat-follower';
import { pushFile, type PushProgress, type PushResult } from './push-file';

export interface AdbConnectionOptions {
  server: AdbServer;
  /** adb's name for the device: a USB serial, or HOST:PORT for a TCP device (Wi-Fi, the simulator). */
  serial: string;
  sink: TargetSink;
  clock?: HostClock;
  /** Instance names by number, from the platform profile. */
  instanceNames?: Record<number, string>;
  /** The phone's platform profile: its memory map and control interface, for checking scripts before they run. */
  profile?: PlatformProfile;
  /** Longest wait for the phone to come back after it went away (a switch, a suspend); the user sets it. */
  comebackTimeoutMs?: number;
  /** Longest wait for one shell command. */
  commandTimeoutMs?: number;
  /** How the kernel log is read: /proc/kmsg (root), `dmesg` polling, the better one (auto), or not at all. */
  kernelLog?: 'auto' | 'kmsg' | 'dmesg' | 'off';
  dmesgPollMs?: number;
  id?: string;
}

export type AdbConnectionEvent =
  | { type: 'waiting'; detail: string }
  | { type: 'reconnected'; instance: number | null; facts: DeviceFacts; outageMs: number; recoveredLines: number }
  | { type: 'lost'; detail: string };

type Phase = 'connected' | 'waiting' | 'lost' | 'closed';

const TCP_SERIAL = /^(.+):(\d{1,5})$/;

/**
 * One phone over adb, kept through its disappearances: a switch suspends
 * the phone and its adb connection dies; this notices it from the streams
 * it holds (device tracking is silent for a minute on a dead TCP device),
 * redials, waits for the phone with a timeout, re-identifies it, marks the
 * gap in the log and recovers the lines printed meanwhile.
 */
export class AdbConnection implements TargetConnection {
  readonly id: string;
  private phase: Phase = 'connected';
  private detail: string | undefined;
  private adb: AdbShell;
  private current: DeviceFacts;
  private instance: number | null = null;
  private readonly ledger = new KmsgLedger();
  private readonly reader: DeviceStateReader;
  private follower: KmsgFollower | null = null;
  private logcat: LogcatFollower | null = null;
  private comeback: Promise<void> | null = null;
  private requestedSwitch: number | null = null;
  private readonly listeners = new Set<(event: AdbConnectionEvent) => void>();
  private readonly stop = new AbortController();
  private readonly names: Record<number, string>;
  private readonly host: HostClock;
  private readonly comebackTimeoutMs: number;
  private readonly commandTimeoutMs: number;
  /** How many times the phone went away and came back (switches seen over adb). */
  comebacks = 0;

  private constructor(
    private readonly o: AdbConnectionOptions,
    facts: DeviceFacts,
    instance: number | null,
  ) {
    this.id = o.id ?? `adb:${o.serial}`;
    this.names = o.instanceNames ?? { 1: 'ics', 2: 'jb' };
    this.host = o.clock ?? systemClock;
    this.comebackTimeoutMs = o.comebackTimeoutMs ?? 120_000;
    this.commandTimeoutMs = o.commandTimeoutMs ?? 30_000;
    this.adb = new AdbShell(o.server.client.getDevice(o.serial), this.commandTimeoutMs);
    this.current = facts;
    this.instance = instance;
    this.reader = new DeviceStateReader(facts.model, this.names);
  }

  /** Connects (dialling a TCP device first), identifies the phone and starts following its kernel log. */
  static async open(options: AdbConnectionOptions): Promise<AdbConnection> {
    const held = holdUntilOpened(options.sink);
    const o = { ...options, sink: held.sink };
    const where = o.serial;
    if (TCP_SERIAL.test(o.serial)) {
      try {
        await o.server.client.connect(o.serial);
      } catch (error) {
        throw new WorkbenchError('not-connected', `adb could not connect to ${o.serial}: ${(error as Error).message}. Is adbd listening there (adb tcpip 5555 on the phone, or the simulator running)?`, where);
      }
    }
    const shell = new AdbShell(o.server.client.getDevice(o.serial), o.commandTimeoutMs ?? 30_000);
    let facts: DeviceFacts;
    try {
      facts = await readDeviceFacts(shell, o.serial);
    } catch (error) {
      throw adbError(error, where);
    }
    const reader = new DeviceStateReader(facts.model, o.instanceNames ?? {});
    const instance = await reader.currentInstance((c) => shell.run(asRoot(c, facts.root))).catch((error: unknown) => {
      if (error instanceof WorkbenchError && error.kind === 'unauthorized') throw error;
      return null; // not a Fastswitch kernel: still a phone to read logs from
    });
    const connection = new AdbConnection(o, facts, instance);
    try {
      await connection.startKernelLog();
    } catch (error) {
      await connection.close();
      throw adbError(error, where);
    }
    releaseAfterOpen(held.release);
    return connection;
  }

  // ---- TargetConnection ---------------------------------------------------------

  info(): TargetInfo {
    const status = this.phase === 'closed' ? 'disconnected' : this.phase;
    const known = recognisePhone(this.current);
    const detail = this.detail ?? (known.known ? `${this.instanceLabel()} (Linux ${this.current.kernelRelease})` : known.message);
    return { id: this.id, kind: 'adb', label: `${this.current.model || 'phone'} (${this.o.serial})`, status, detail };
  }

  instanceNames(): Record<number, string> {
    return { ...this.names };
  }

  /** A phone runs on the wall clock. */
  readonly clock: TargetClock = wallClock();

  async shell(command: string): Promise<string> {
    return (await this.runShell(command)).output;
  }

  async push(localPath: string, remotePath: string, onProgress?: (done: number, total: number) => void): Promise<void> {
    await this.pushFile(localPath, remotePath, onProgress ? (p) => onProgress(p.bytes, p.total) : undefined);
  }

  async scriptContext(): Promise<ScriptContext> {
    if (!this.o.profile) throw new WorkbenchError('unsupported', `No platform profile is known for ${this.current.model || this.o.serial}: scripts cannot be checked against its memory map.`, this.id);
    // The public kernel does not say which children are booted (/d/fsw/status names the running one only):
    // an instance this connection has not seen running is left to the kernel to refuse, not declared absent by the checker.
    const state = await this.deviceState();
    const vouched = { ...state, instances: state.instances.map((i) => (i.status === 'absent' ? { ...i, status: 'sleeping' as const } : i)) };
    return scriptContextFrom(this.o.profile, vouched, 'adb');
  }

  async deviceState(): Promise<DeviceState> {
    return this.withDevice('reading the Fastswitch state', 'always', () =>
      this.reader.read((c) => this.run(c), { kernelRelease: this.current.kernelRelease, androidRelease: this.current.androidRelease || null }),
    );
  }

  async readControl(path: string): Promise<string> {
    const result = await this.withDevice(`reading ${path}`, 'always', () => this.run(`cat ${shellQuote(path)}`));
    if (result.code !== 0) throw controlReadError(path, result);
    return result.output;
  }

  async writeControl(path: string, text: string): Promise<void> {
    const what = `writing "${text}" to ${path}`;
    const isSwitch = path === FSW_SWITCH || path === '/sys/kernel/debug/fsw/switch';
    let result: ShellResult;
    try {
      result = await this.withDevice(what, 'not-sent', () => this.run(controlWriteCommand(path, text)));
    } catch (error) {
      // A switch request makes the phone go away: losing it right after the write is the write taking effect.
      if (error instanceof DeviceGoneError && isSwitch) {
        this.requestedSwitch = parseSwitchRequest(text)?.instance ?? null;
        return;
      }
      if (error instanceof DeviceGoneError) throw new WorkbenchError('device', `The phone went away before it answered ${what}: the write may or may not have taken effect.`, path);
      throw error;
    }
    if (result.code !== 0) throw controlWriteError(path, text, result);
    if (isSwitch) this.requestedSwitch = parseSwitchRequest(text)?.instance ?? null;
  }

  async close(): Promise<void> {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.stop.abort();
    this.follower?.close();
    this.follower = null;
    this.logcat?.close();
    this.logcat = null;
    await this.comeback?.catch(() => undefined);
    this.listeners.clear();
  }

  // ---- more than the seam asks for ------------------------------------------------

  facts(): DeviceFacts {
    return { ...this.current };
  }

  currentInstance(): number | null {
    return this.instance;
  }

  onEvent(listener: (event: AdbConnectionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs a command as root (the script's `shell "…"`); output is stdout and stderr merged. */
  async runShell(command: string, timeoutMs?: number): Promise<ShellResult> {
    return this.withDevice(`running '${command}'`, 'not-sent', () => this.adb.run(asRoot(command, this.current.root), timeoutMs));
  }

  /** Pushes a file (kernel images are megabytes) with progress, then checks it arrived intact. */
  async pushFile(localPath: string, remotePath: string, onProgress?: (progress: PushProgress) => void): Promise<PushResult> {
    return this.withDevice(`pushing ${localPath} to ${remotePath}`, 'not-sent', () =>
      pushFile({ device: this.o.server.client.getDevice(this.o.serial), run: (c) => this.run(c), localPath, remotePath, onProgress }),
    );
  }

  /** Pushes text as a file (a detached run's script). */
  async pushText(text: string, remotePath: string): Promise<void> {
    await this.withDevice(`writing ${remotePath}`, 'not-sent', async () => {
      const { Readable } = await import('node:stream');
      const transfer = await this.o.server.client.getDevice(this.o.serial).push(Readable.from([Buffer.from(text)]), remotePath, 0o755);
      await new Promise<void>((resolve, reject) => {
        transfer.once('end', resolve);
        transfer.once('error', reject);
      });
    });
  }

  /** Reads /proc/wakelocks and says whether the USB cable keeps the phone awake. */
  async checkUsbCable(): Promise<UsbCableCheck> {
    return checkUsbCable(await this.readControl(PROC_WAKELOCKS));
  }

  /**
   * The way out of the USB cable's wakelock: adbd listens on TCP (`adb
   * tcpip`), and the phone is then connected by its Wi-Fi address (the USB
   * connection drops at once). Returns the address to connect to.
   */
  async adbOverWifi(port = 5555): Promise<{ address: string; caveat: string }> {
    const ip = (await this.runShell('getprop dhcp.wlan0.ipaddress')).output.trim();
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip)) {
      throw new WorkbenchError('device', 'The phone has no Wi-Fi address (getprop dhcp.wlan0.ipaddress is empty): turn Wi-Fi on and join the lab network, then try again.', this.o.serial);
    }
    await this.o.server.client.getDevice(this.o.serial).tcpip(port);
    return { address: `${ip}:${port}`, caveat: waysOutOfTheCable(port)[0]!.caveat };
  }

  /** Streams logcat into the sink (source `logcat`) until stopLogcat; it follows the phone through switches. */
  startLogcat(): void {
    if (this.logcat) return;
    this.logcat = new LogcatFollower({
      shell: () => this.adb,
      clock: this.host,
      emit: (bytes, t, wall) => this.o.sink.chunk('logcat', bytes, t, wall),
      // The kernel log is what tells a lost phone; logcat ending while it still flows is logcat's own end.
      onLost: (reason) => (this.follower && !this.follower.ended ? this.logcatEnded(reason) : this.noticeLoss(reason)),
    });
    if (this.phase === 'connected') void this.logcat.start(this.instance).catch((e: unknown) => this.noticeLoss(String(e)));
  }

  private logcatEnded(reason: string): void {
    this.logcat?.close();
    this.logcat = null;
    this.o.sink.record('logcat', {
      hostTimeMs: this.host.monotonicMs(),
      hostWallMs: this.host.wallMs(),
      kernelTime: null,
      level: null,
      instance: this.instance,
      text: `[gap] logcat stopped (${reason}) while the phone stayed connected; start it again to resume`,
      kind: 'gap',
    });
  }

  stopLogcat(): void {
    this.logcat?.close();
    this.logcat = null;
  }

  /** Waits until the phone is connected (now, or after it comes back); rejects saying what it waited for. */
  async ready(what = 'the phone'): Promise<void> {
    if (this.phase === 'connected') return;
    if (this.phase === 'closed') throw new WorkbenchError('not-connected', `The connection to ${this.o.serial} is closed (needed for ${what}).`, this.o.serial);
    if (this.phase === 'lost' || !this.comeback) throw new WorkbenchError('timeout', `${this.detail ?? 'The phone is gone'} (needed for ${what}).`, this.o.serial);
    await this.comeback;
    return this.ready(what);
  }

  // ---- internals -------------------------------------------------------------------

  private run(command: string): Promise<ShellResult> {
    return this.adb.run(asRoot(command, this.current.root));
  }

  private instanceLabel(): string {
    return this.instance === null ? 'no Fastswitch kernel' : (this.names[this.instance] ?? `instance ${this.instance}`);
  }

  private emit(event: AdbConnectionEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /**
   * Runs an operation once the phone is there. When the phone turns out to
   * be gone, the loss is noticed; the operation is tried again after the
   * comeback when that is safe: always for reads, for writes only when
   * adb refused the command before it reached the phone.
   */
  private async withDevice<T>(what: string, retry: 'always' | 'not-sent', fn: () => Promise<T>): Promise<T> {
    for (;;) {
      await this.ready(what);
      try {
        return await fn();
      } catch (error) {
        const gone = error instanceof DeviceGoneError || isDeviceGone(error);
        if (!gone || this.phase === 'closed') throw error instanceof WorkbenchError ? error : adbError(error, what);
        this.noticeLoss(`${what}: ${(error as Error).message}`);
        if (retry === 'always' || !(error instanceof DeviceGoneError)) continue;
        throw error;
      }
    }
  }

  private waitingDetail(reason: string): string {
    const target = this.requestedSwitch;
    if (target !== null) return `waiting for the phone to come back after the switch to ${this.names[target] ?? `instance ${target}`}`;
    return `waiting for the phone to come back (${reason})`;
  }

  private noticeLoss(reason: string): void {
    if (this.phase !== 'connected') return;
    this.phase = 'waiting';
    this.detail = this.waitingDetail(reason);
    this.follower?.close();
    this.follower = null;
    this.logcat?.pause();
    this.o.sink.status(this.info());
    this.emit({ type: 'waiting', detail: this.detail });
    const start = { ms: this.host.monotonicMs(), wall: this.host.wallMs() };
    this.comeback = this.comeBack(start).finally(() => {
      this.comeback = null;
    });
    this.comeback.catch(() => undefined);
  }

  private async comeBack(start: { ms: number; wall: number }): Promise<void> {
    const waitedFor = this.detail ?? 'the phone';
    const deadline = start.ms + this.comebackTimeoutMs;
    const backoff = new Backoff(20, 1_000);
    const client = this.o.server.client;
    const tcp = TCP_SERIAL.test(this.o.serial);
    let attempts = 0;
    while (this.phase === 'waiting') {
      attempts++;
      try {
        const facts = await readDeviceFacts(this.adb, this.o.serial);
        const instance = await this.reader.currentInstance((c) => this.adb.run(asRoot(c, facts.root))).catch(() => null);
        await this.cameBack(start, facts, instance);
        return;
      } catch {
        if (this.phase !== 'waiting') break;
      }
      if (this.host.monotonicMs() >= deadline) {
        const seconds = Math.round(this.comebackTimeoutMs / 1000);
        this.phase = 'lost';
        this.detail = `${waitedFor.replace(/^waiting for/, 'gave up waiting for')}: not back within ${seconds} s (${attempts} attempts). Check the phone (did the switch hang? is Wi-Fi up?) and connect again.`;
        this.o.sink.status(this.info());
        this.emit({ type: 'lost', detail: this.detail });
        throw new WorkbenchError('timeout', this.detail, this.o.serial);
      }
      if (tcp) {
        // The adb server keeps a dead TCP transport "offline" and redials slowly: dial it ourselves.
        await client.disconnect(this.o.serial).catch(() => undefined);
        await client.connect(this.o.serial).catch(() => undefined);
      }
      await pause(backoff.delay(), this.stop.signal);
    }
    if (this.phase === 'closed') throw new WorkbenchError('not-connected', `The connection to ${this.o.serial} was closed while ${waitedFor}.`, this.o.serial);
  }

  private async cameBack(start: { ms: number; wall: number }, facts: DeviceFacts, instance: number | null): Promise<void> {
    const endMs = this.host.monotonicMs();
    const switchedTo = instance === null ? null : (this.names[instance] ?? `instance ${instance}`);
    this.current = facts;
    this.instance = instance;
    this.requestedSwitch = null;
    this.o.sink.record('kmsg', {
      hostTimeMs: endMs,
      hostWallMs: this.host.wallMs(),
      kernelTime: null,
      level: null,
      instance,
      text: `[gap] adb: the phone was away for ${((endMs - start.ms) / 1000).toFixed(1)} s${switchedTo ? `, back as ${switchedTo} (Linux ${facts.kernelRelease})` : ''}; lines printed meanwhile follow from the kernel's ring buffer`,
      kind: 'gap',
    });
    const recovered = await this.startKernelLog();
    if (this.follower?.ended) throw new Error('the kernel log stream ended again at once');
    if (this.logcat) await this.logcat.start(instance);
    this.phase = 'connected';
    this.detail = undefined;
    this.comebacks++;
    this.o.sink.status(this.info());
    this.emit({ type: 'reconnected', instance, facts, outageMs: endMs - start.ms, recoveredLines: recovered });
  }

  private async startKernelLog(): Promise<number> {
    const mode = this.o.kernelLog ?? 'auto';
    if (mode === 'off') return 0;
    const follower = new KmsgFollower({
      shell: this.adb,
      root: this.current.root,
      instance: this.instance,
      ledger: this.ledger,
      mode: mode === 'dmesg' || (mode === 'auto' && this.current.root === 'none') ? 'dmesg' : 'kmsg',
      dmesgPollMs: this.o.dmesgPollMs ?? 500,
      clock: this.host,
      emit: (bytes, t, wall) => this.o.sink.chunk('kmsg', bytes, t, wall),
      onLost: (reason) => this.noticeLoss(reason),
    });
    this.follower?.close();
    this.follower = follower;
    return follower.start();
  }
}
