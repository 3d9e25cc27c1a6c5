import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { TargetInfo } from '../../../common/api/contract';
import { WorkbenchError } from '../../../common/api/errors';
import type { PlatformProfile } from '../../../common/profile/platform-profile';
import { scriptContextFrom } from '../../../common/profile/script-context';
import type { Speed } from '../../simulator/event-queue';
import { SimulatedPhone } from '../../simulator/simulated-phone';
import type { Scenario } from '../../simulator/scenario';
import { strerror } from '../../simulator/shell/errno-text';
import { attachConsoleShell } from '../../simulator/shell/console-shell';
import { PhoneShell } from '../../simulator/shell/phone-shell';
import type { TargetConnection, TargetProvider, TargetSink } from '../target';
import { bootChildInstances } from './prepare-instances';
import { simulatorClock } from './simulator-clock';

export interface SimulatorTargetOptions {
  profile: PlatformProfile;
  seed?: number;
  speed?: Speed;
  scenario?: Partial<Scenario>;
  /** Boot every child instance of the profile before the connection opens, so `switch jb` works at once (default true). */
  bootChildren?: boolean;
  id?: string;
}

const SCENARIO_CHANGES: Record<string, (action: string) => Partial<Scenario> | null> = {
  cable: (a) => (a === 'attach' ? { usbCable: true } : a === 'detach' ? { usbCable: false } : null),
  wifi: (a) => (a === 'busy' || a === 'idle' || a === 'off' ? { wifi: a } : null),
  audio: (a) => (a === 'play' ? { audio: true } : a === 'stop' ? { audio: false } : null),
  screen: (a) => (a === 'on' ? { screen: 'app' } : a === 'off' || a === 'lock' ? { screen: 'lockscreen' } : null),
  camera: (a) => (a === 'open' ? { camera: true } : a === 'close' ? { camera: false } : null),
};

/**
 * The built-in simulator as a target, in process (the fast path the app and
 * `fsw run --target sim` use). The same phone is also reachable through real
 * wires (`fsw sim`: adbd + UART), which the connections' tests use.
 */
export class SimulatorTargetProvider implements TargetProvider {
  private readonly id: string;

  constructor(private readonly options: SimulatorTargetOptions) {
    this.id = options.id ?? 'sim';
  }

  private info(status: TargetInfo['status'], detail?: string): TargetInfo {
    return { id: this.id, kind: 'sim', label: `Simulated ${this.options.profile.model}`, status, ...(detail ? { detail } : {}) };
  }

  async list(): Promise<TargetInfo[]> {
    return [this.info('disconnected', `built-in simulator, ${this.options.speed ?? 'realtime'} speed`)];
  }

  open(id: string, sink: TargetSink): Promise<TargetConnection> | null {
    if (id !== this.id) return null;
    return Promise.resolve(this.connect(sink));
  }

  private connect(sink: TargetSink): TargetConnection {
    const { profile } = this.options;
    const phone = new SimulatedPhone({ profile, seed: this.options.seed ?? 1, speed: this.options.speed ?? 'realtime', ...(this.options.scenario ? { scenario: this.options.scenario } : {}) });
    if (this.options.bootChildren ?? true) bootChildInstances(phone, profile);
    const lifetime = new AbortController();
    const newShell = () => new PhoneShell({ backend: phone, lifetime: lifetime.signal, sleep: (ms, signal) => simulatorClock(phone).sleep(ms, signal).catch(() => undefined) });
    const shell = newShell();
    const unsubscribers = [
      // The simulator's clock is the host receive clock of its UART: spans across the hand-over are measured on it.
      phone.console.onBytes((bytes) => sink.chunk('uart', bytes, phone.now(), Date.now())),
      phone.onState((state) => sink.state(state)),
      // What a person types in the terminal reaches a root shell on the UART, whose echo comes back on the same stream.
      attachConsoleShell(phone.console, newShell, lifetime.signal),
    ];
    const info = this.info('connected', `${profile.model} · seed ${this.options.seed ?? 1} · ${this.options.speed ?? 'realtime'}`);
    const names = Object.fromEntries(profile.instances.map((i) => [i.id, i.name]));

    const check = <T>(path: string, result: { ok: true; value: T } | { ok: false; errno: Parameters<typeof strerror>[0] }, verb: string): T => {
      if (!result.ok) throw new WorkbenchError('device', `${path}: ${verb} error: ${strerror(result.errno)}`, path);
      return result.value;
    };

    return {
      info: () => info,
      deviceState: async () => phone.state(),
      writeControl: async (path, text) => void check(path, phone.writeControl(path, text), 'write'),
      readControl: async (path) => check(path, phone.readControl(path), 'read'),
      push: async (localPath, remotePath, onProgress) => {
        let data: Buffer;
        try {
          data = await readFile(localPath);
        } catch (error) {
          throw new WorkbenchError('not-found', `cannot read ${localPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, localPath);
        }
        check(remotePath, phone.files.write(remotePath, new Uint8Array(data)), 'write');
        const back = check(remotePath, phone.files.read(remotePath), 'read');
        const digest = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
        if (digest(back) !== digest(data)) throw new WorkbenchError('device', `${remotePath}: the pushed file does not match ${localPath} (checksum differs)`, remotePath);
        onProgress?.(data.length, data.length);
      },
      shell: async (command) => {
        let output = '';
        await shell.run(command, (text) => (output += text), lifetime.signal);
        return output;
      },
      clock: simulatorClock(phone),
      scenario: async (device, action, durationMs) => {
        if (device === 'power') {
          phone.pressPower();
          return;
        }
        const change = SCENARIO_CHANGES[device]?.(action) ?? null;
        if (!change) throw new WorkbenchError('bad-request', `The simulator has no scenario '${device} ${action}'`);
        phone.setScenario(change);
        // `sim audio play for 6s`: the sound ends by itself later; the script goes on meanwhile.
        if (durationMs !== undefined && change.audio === true) phone.queue.after(durationMs, () => phone.setScenario({ audio: false }));
        if (durationMs !== undefined && change.wifi === 'busy') phone.queue.after(durationMs, () => phone.setScenario({ wifi: 'idle' }));
      },
      scriptContext: async () => scriptContextFrom(profile, phone.state(), 'sim'),
      consoleInput: (bytes) => phone.console.input(bytes),
      instanceNames: () => names,
      close: async () => {
        lifetime.abort();
        for (const unsubscribe of unsubscribers) unsubscribe();
        phone.close();
      },
    };
  }
}
