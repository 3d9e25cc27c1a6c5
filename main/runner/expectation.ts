import { compare } from '../../common/script/comparison';
import type { CompiledExpectation } from '../../common/script/steps';
import type { DeviceState } from '../../common/domain/device-state';
import type { SwitchRecord } from '../../common/domain/switch-record';

export interface ExpectationResult {
  met: boolean;
  /** What was actually found, in words, for the log and the report. */
  actual: string;
}

const LAST_FIELDS: Record<string, (s: SwitchRecord) => number | string | null> = {
  total: (s) => s.totalMs,
  wakelockWait: (s) => s.wakelockWaitMs,
  suspend: (s) => s.suspendMs,
  resume: (s) => s.resumeMs,
  anomalies: (s) => s.anomalies.length,
  blockingWakelocks: (s) => s.blockingWakelocks.length,
  outcome: (s) => s.outcome,
  kind: (s) => s.kind,
  from: (s) => s.from,
  to: (s) => s.to,
};

const show = (field: string, value: number | string) => (typeof value === 'number' && !['anomalies', 'blockingWakelocks'].includes(field) ? `${value.toFixed(1)} ms` : String(value));

/** Evaluates an `expect` line against the last switch, the switches of this run and the device state. */
export function evaluateExpectation(expectation: CompiledExpectation, last: SwitchRecord | undefined, switchesThisRun: number, device: DeviceState | null): ExpectationResult {
  switch (expectation.kind) {
    case 'last': {
      if (!last) return { met: false, actual: 'no switch has been measured yet' };
      const read = LAST_FIELDS[expectation.field];
      if (!read) return { met: false, actual: `unknown field last.${expectation.field}` };
      const value = read(last);
      if (value === null) return { met: false, actual: `last.${expectation.field} is not known (the log did not show it)` };
      return { met: compare<number | string>(value, expectation.op, expectation.value), actual: `last.${expectation.field} = ${show(expectation.field, value)}` };
    }
    case 'instance-state': {
      const instance = device?.instances.find((i) => i.id === expectation.instance);
      const state = instance?.status ?? 'absent';
      return { met: state === expectation.state, actual: `${expectation.name} is ${state}` };
    }
    case 'switch-count':
      return { met: compare(switchesThisRun, expectation.op, expectation.value), actual: `${switchesThisRun} switches measured` };
    case 'block-state': {
      const block = device?.sections.find((s) => s.index === expectation.block);
      if (!block) return { met: false, actual: `memory${expectation.block} does not exist` };
      const state = block.onlineIn.length > 0 ? 'online' : 'offline';
      return { met: state === expectation.state, actual: `memory${expectation.block} is ${state}` };
    }
    case 'dimm-state': {
      const blocks = device?.sections.filter((s) => s.dimm === expectation.name) ?? [];
      if (blocks.length === 0) return { met: false, actual: `DIMM ${expectation.name} is not plugged in` };
      const states = blocks.map((b) => `memory${b.index} ${b.onlineIn.length > 0 ? 'online' : 'offline'}`);
      return { met: blocks.every((b) => (b.onlineIn.length > 0) === (expectation.state === 'online')), actual: states.join(', ') };
    }
  }
}
