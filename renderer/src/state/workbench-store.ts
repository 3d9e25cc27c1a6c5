import { useSyncExternalStore } from 'react';
import type { WorkbenchClient } from '../../../common/api/client';
import type { Progress, ScriptStatus, TargetInfo } from '../../../common/api/contract';
import type { DeviceState } from '../../../common/domain/device-state';
import type { LogRecord } from '../../../common/domain/log-record';
import type { SwitchRecord } from '../../../common/domain/switch-record';
import { LogStore } from './log-store';

export interface WorkbenchSnapshot {
  targets: TargetInfo[];
  device: DeviceState | null;
  /** Changes whenever log lines arrive or the log is cleared; the lines themselves live in `store.log`. */
  logVersion: number;
  switches: SwitchRecord[];
  /** The switch the charts' timeline and the log's highlight show. */
  selectedSwitch: number | null;
  /** Bumped when a person asks to see the selected switch in the log (from a chart), so the log scrolls to it. */
  revealSwitch: number;
  script: ScriptStatus | null;
  /** Long work under way or just finished, by id. */
  progress: Progress[];
  error: string | null;
}

/** The renderer keeps this many recent lines; the service and sessions keep the rest. */
export const MAX_LINES = 1_500_000;
/** What the service is asked for when a window opens late (its ring keeps 200,000). */
const CATCH_UP_LINES = 200_000;

/** One store for everything the services tell the renderer; areas read slices of it. */
export class WorkbenchStore {
  readonly log = new LogStore(MAX_LINES);
  private snapshot: WorkbenchSnapshot = { targets: [], device: null, logVersion: 0, switches: [], selectedSwitch: null, revealSwitch: 0, script: null, progress: [], error: null };
  private listeners = new Set<() => void>();
  private consoleListeners = new Set<(bytes: Uint8Array) => void>();

  constructor(readonly client: WorkbenchClient) {
    client.on('log.records', (batch) => {
      this.log.append(batch);
      this.scheduleLogUpdate();
    });
    client.on('switch.record', (record) => this.update({ switches: [...this.snapshot.switches.filter((s) => s.id !== record.id), record] }));
    client.on('device.state', (device) => this.update({ device }));
    client.on('target.state', (target) => this.update({ targets: upsert(this.snapshot.targets, target) }));
    client.on('script.status', (script) => this.update({ script }));
    client.on('progress', (progress) => this.update({ progress: [...this.snapshot.progress.filter((p) => p.id !== progress.id), progress].slice(-5) }));
    client.on('console.bytes', ({ data }) => {
      if (this.consoleListeners.size === 0) return;
      const bytes = decodeBase64(data);
      for (const listener of this.consoleListeners) listener(bytes);
    });
  }

  async load(): Promise<void> {
    const [targets, device, records, switches] = await Promise.all([
      this.client.call('targets.list', {}),
      this.client.call('device.state', {}),
      this.client.call('log.recent', { limit: CATCH_UP_LINES }),
      this.client.call('switches.list', {}),
    ]);
    // Lines that arrived by event while the catch-up was in flight are already in: the catch-up goes before them.
    const firstLive = this.log.size > 0 ? this.log.seq(this.log.first) : Infinity;
    const older = records.filter((r) => r.seq < firstLive);
    if (older.length > 0) {
      const live: LogRecord[] = [];
      for (let i = this.log.first; i < this.log.length; i++) {
        const line = this.log.line(i)!;
        live.push({ seq: line.seq, source: line.source, hostTimeMs: line.hostTimeMs, hostWallMs: 0, kernelTime: line.kernelTime, level: line.level, instance: line.instance, text: line.text, kind: line.kind });
      }
      this.log.reset();
      this.log.append(older);
      this.log.append(live);
    }
    this.update({ targets, device, switches, logVersion: this.log.version });
  }

  async refreshTargets(): Promise<void> {
    const listed = await this.client.call('targets.list', {});
    let targets = this.snapshot.targets;
    for (const target of listed) targets = upsert(targets, target);
    this.update({ targets });
  }

  /** Runs a service call and shows its error, typed and in words, instead of throwing into React. */
  async attempt<T>(action: () => Promise<T>): Promise<T | undefined> {
    try {
      this.update({ error: null });
      return await action();
    } catch (error) {
      this.update({ error: (error as Error).message });
      return undefined;
    }
  }

  showError(message: string): void {
    this.update({ error: message });
  }

  dismissError(): void {
    this.update({ error: null });
  }

  selectSwitch(id: number | null, reveal = false): void {
    this.update({ selectedSwitch: id, ...(reveal ? { revealSwitch: this.snapshot.revealSwitch + 1 } : {}) });
  }

  clearLog(): void {
    this.log.clear();
    this.update({ logVersion: this.log.version });
  }

  private logFrame: number | null = null;
  /** Lines are stored at once but drawn at most once per frame, however many batches arrive. */
  private scheduleLogUpdate(): void {
    if (this.logFrame !== null) return;
    const run = () => {
      this.logFrame = null;
      this.update({ logVersion: this.log.version });
    };
    // A hidden page gets no frames: fall back to a timer so the view is current when it shows.
    this.logFrame = document.hidden ? window.setTimeout(run, 100) : requestAnimationFrame(run);
  }

  /** Raw console bytes (the UART) as they arrive, for the terminal. */
  onConsoleBytes(listener: (bytes: Uint8Array) => void): () => void {
    this.consoleListeners.add(listener);
    return () => this.consoleListeners.delete(listener);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): WorkbenchSnapshot => this.snapshot;

  private update(change: Partial<WorkbenchSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}

function decodeBase64(data: string): Uint8Array {
  const text = atob(data);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function upsert(targets: TargetInfo[], target: TargetInfo): TargetInfo[] {
  const index = targets.findIndex((t) => t.id === target.id);
  if (index < 0) return [...targets, target];
  const copy = targets.slice();
  copy[index] = target;
  return copy;
}

export function useWorkbench<T>(store: WorkbenchStore, select: (s: WorkbenchSnapshot) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.getSnapshot()));
}
