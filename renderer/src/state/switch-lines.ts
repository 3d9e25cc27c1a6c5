import type { BoundaryName, SwitchRecord } from '../../../common/domain/switch-record';

/** Words for the §6 boundaries, as the log's gutter shows them. */
export const BOUNDARY_LABEL: Record<BoundaryName, string> = {
  request: 'request',
  suspendStart: 'suspend start',
  devicesSuspended: 'devices suspended',
  handover: 'hand-over',
  wake: 'wake',
  devicesResumed: 'devices resumed',
  visible: 'visible',
};

/**
 * Which switch each log line belongs to, and which lines are its §6
 * boundaries. Line numbers in a SwitchRecord are seq + 1 of the records
 * (the service numbers every channel's lines from one counter).
 */
export class SwitchLines {
  private readonly ranges: { first: number; last: number; id: number }[];
  private readonly boundaries = new Map<number, { id: number; name: BoundaryName }[]>();

  constructor(switches: readonly SwitchRecord[]) {
    this.ranges = switches.map((s) => ({ first: s.lines[0] - 1, last: s.lines[1] - 1, id: s.id })).sort((a, b) => a.first - b.first);
    for (const s of switches) {
      for (const [name, boundary] of Object.entries(s.boundaries ?? {})) {
        if (!boundary) continue;
        const seq = boundary.line - 1;
        const list = this.boundaries.get(seq) ?? [];
        list.push({ id: s.id, name: name as BoundaryName });
        this.boundaries.set(seq, list);
      }
    }
  }

  /** The switch whose lines include this seq (the latest one when cycles touch). */
  switchAt(seq: number): number | null {
    let lo = 0;
    let hi = this.ranges.length - 1;
    let found: number | null = null;
    // Ranges sorted by first line: the candidates are those starting at or before seq.
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.ranges[mid]!.first <= seq) lo = mid + 1;
      else hi = mid - 1;
    }
    for (let i = hi; i >= 0 && i >= hi - 3; i--) {
      const r = this.ranges[i]!;
      if (seq <= r.last) {
        found = r.id;
        break;
      }
    }
    return found;
  }

  boundaryAt(seq: number): { id: number; name: BoundaryName }[] | undefined {
    return this.boundaries.get(seq);
  }
}
