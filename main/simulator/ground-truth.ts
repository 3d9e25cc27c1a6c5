import type { BoundaryName, SwitchKind, SwitchOutcome } from '../../common/domain/switch-record';

/**
 * The true time of every DESIGN §6 boundary of every switch, boot and
 * memory request, as the model made it happen. The analyser is checked
 * against this. Times are virtual ms; `printk` is the seconds the printing
 * kernel stamped on the boundary line.
 */
export interface TrueBoundary {
  atMs: number;
  instance: number;
  printk: number;
  /** The log line that marks it, as printed (without timestamp). */
  line: string;
}

export interface GroundTruthRecord {
  id: number;
  kind: SwitchKind;
  /** What was written: BOOT, SUSPEND, TERMINATE, a memory request, or none (an ordinary suspend). */
  mode: 'boot' | 'suspend' | 'terminate' | 'mem-request' | null;
  from: number;
  to: number | null;
  fromName: string;
  toName: string | null;
  outcome: SwitchOutcome | 'pending';
  boundaries: Partial<Record<BoundaryName, TrueBoundary>>;
  wakelockWaitMs: number | null;
  suspendMs: number | null;
  resumeMs: number | null;
  totalMs: number | null;
  /** ms spent between hand-over and wake (the limbo, or the boot loader for a boot). */
  handoverMs: number | null;
  drivers: { name: string; phase: 'suspend' | 'resume'; ms: number }[];
  blockingWakelocks: string[];
  anomalies: string[];
  /** The wakelock skip word was set. */
  forced: boolean;
}

export class GroundTruth {
  private records: GroundTruthRecord[] = [];

  open(init: Pick<GroundTruthRecord, 'kind' | 'mode' | 'from' | 'to' | 'fromName' | 'toName'>): GroundTruthRecord {
    const r: GroundTruthRecord = {
      id: this.records.length,
      ...init,
      outcome: 'pending',
      boundaries: {},
      wakelockWaitMs: null,
      suspendMs: null,
      resumeMs: null,
      totalMs: null,
      handoverMs: null,
      drivers: [],
      blockingWakelocks: [],
      anomalies: [],
      forced: false,
    };
    this.records.push(r);
    return r;
  }

  mark(r: GroundTruthRecord, name: BoundaryName, b: TrueBoundary): void {
    r.boundaries[name] = b;
  }

  blockedBy(r: GroundTruthRecord, names: string[]): void {
    for (const n of names) if (!r.blockingWakelocks.includes(n)) r.blockingWakelocks.push(n);
  }

  anomaly(r: GroundTruthRecord, text: string): void {
    if (!r.anomalies.includes(text)) r.anomalies.push(text);
  }

  close(r: GroundTruthRecord, outcome: SwitchOutcome): void {
    r.outcome = outcome;
    const b = r.boundaries;
    const span = (a?: TrueBoundary, z?: TrueBoundary) => (a && z ? round(z.atMs - a.atMs) : null);
    r.wakelockWaitMs = span(b.request, b.suspendStart);
    r.suspendMs = span(b.suspendStart, b.handover);
    r.resumeMs = span(b.wake, b.visible);
    r.totalMs = span(b.request, b.visible);
    r.handoverMs = span(b.handover, b.wake);
  }

  get size(): number {
    return this.records.length;
  }

  /** The live record (read it, do not change it): no copy, for tight loops. */
  peek(index: number): Readonly<GroundTruthRecord> | undefined {
    return this.records[index];
  }

  lastRecord(): GroundTruthRecord | undefined {
    return this.records[this.records.length - 1];
  }

  /** How many records there are and whether the last is still open: cheap enough for a run-until predicate. */
  status(): { count: number; pending: boolean } {
    return { count: this.records.length, pending: this.records.at(-1)?.outcome === 'pending' };
  }

  all(): GroundTruthRecord[] {
    return this.records.map((r) => structuredClone(r));
  }

  toJson(): string {
    return JSON.stringify({ schema: 'fsw-ground-truth/1', records: this.records }, null, 2);
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
