import { useSyncExternalStore } from 'react';
import type { WorkbenchClient } from '../../../common/api/client';
import type { ScriptStatus, TargetInfo } from '../../../common/api/contract';
import type { DeviceState } from '../../../common/domain/device-state';
import type { LogRecord } from '../../../common/domain/log-record';
import type { SwitchRecord } from '../../../common/domain/switch-record';

export interface WorkbenchSnapshot {
  targets: TargetInfo[];
  device: DeviceState | null;
  /** Log lines in arrival order; the array is replaced (not mutated) when lines arrive, so React sees the change. */
  records: LogRecord[];
  switches: SwitchRecord[];
  script: ScriptStatus | null;
  error: string | null;
}

/** The renderer keeps this many recent lines; the service and sessions keep the rest. */
const MAX_RECORDS = 200_000;

/** One store for everything the services tell the renderer; areas read slices of it. */
export class WorkbenchStore {
  private snapshot: WorkbenchSnapshot = { targets: [], device: null, records: [], switches: [], script: null, error: null };
  private listeners = new Set<() => void>();

  constructor(readonly client: WorkbenchClient) {
    client.on('log.records', (batch) => {
      const merged = this.snapshot.records.concat(batch);
      this.update({ records: merged.length > MAX_RECORDS ? merged.slice(merged.length - MAX_RECORDS) : merged });
    });
    client.on('switch.record', (record) => this.update({ switches: [...this.snapshot.switches.filter((s) => s.id !== record.id), record] }));
    client.on('device.state', (device) => this.update({ device }));
    client.on('target.state', (target) => this.update({ targets: upsert(this.snapshot.targets, target) }));
    client.on('script.status', (script) => this.update({ script }));
  }

  async load(): Promise<void> {
    const [targets, device, records, switches] = await Promise.all([
      this.client.call('targets.list', {}),
      this.client.call('device.state', {}),
      this.client.call('log.recent', { limit: MAX_RECORDS }),
      this.client.call('switches.list', {}),
    ]);
    this.update({ targets, device, records, switches });
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

  dismissError(): void {
    this.update({ error: null });
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
