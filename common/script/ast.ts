import type { SourceRange } from './diagnostic';

/**
 * The typed syntax tree of a `.fsw` script. Every node has its source range.
 * Values are already converted to base units: durations in ms, sizes in
 * bytes, addresses as numbers; the text as written stays in `text` for
 * messages and fixes.
 */

export interface Node {
  range: SourceRange;
}

/** An instance as written: a name from the profile (`jb`) or its number (`2`). */
export interface InstanceRef extends Node {
  name: string;
  /** Set when written as a number. */
  id?: number;
}

export interface Duration extends Node {
  ms: number;
  text: string;
}

export interface Address extends Node {
  value: number;
  text: string;
}

/** How much memory: a count of sections (blocks) or a byte size (K, M, G). */
export type Amount = (Node & { kind: 'sections'; count: number; text: string }) | (Node & { kind: 'bytes'; bytes: number; text: string });

export interface Word extends Node {
  text: string;
}

export interface Reserve extends Node {
  op: 'reserve';
  amount: Amount;
  at: Address;
  for?: InstanceRef;
}

export interface Release extends Node {
  op: 'release';
  amount: Amount;
  at: Address;
  for?: InstanceRef;
}

export type LoadNature = 'kernel' | 'param' | 'other';

export interface Load extends Node {
  op: 'load';
  /** `atags`: the master's saved boot parameters (/d/fsw/instance_atags). */
  source: { kind: 'file'; path: string; onDevice: boolean; range: SourceRange } | { kind: 'atags'; range: SourceRange };
  at: Address;
  /** As written; absent means the default (param for atags, other for a file). */
  nature?: Word & { value: LoadNature };
  for?: InstanceRef;
}

export interface Boot extends Node {
  op: 'boot';
  instance: InstanceRef;
  timeout?: Duration;
}

export interface Switch extends Node {
  op: 'switch';
  instance: InstanceRef;
  force?: Word;
  timeout?: Duration;
}

export interface Request extends Node {
  op: 'request';
  amount: Amount;
  at?: Address;
  timeout?: Duration;
}

export interface Terminate extends Node {
  op: 'terminate';
  instance: InstanceRef;
  timeout?: Duration;
}

export interface Wait extends Node {
  op: 'wait';
  duration: Duration;
}

export interface WaitUntil extends Node {
  op: 'wait-until';
  instance: InstanceRef;
  state: Word & { value: 'running' | 'sleeping' };
  timeout?: Duration;
}

export interface Repeat extends Node {
  op: 'repeat';
  count: number;
  countRange: SourceRange;
  body: Statement[];
}

export interface WakelockHold extends Node {
  op: 'wakelock-hold';
  name: Word;
  duration?: Duration;
}

export interface WakelockRelease extends Node {
  op: 'wakelock-release';
  name: Word;
}

export interface Shell extends Node {
  op: 'shell';
  command: string;
}

export interface Mark extends Node {
  op: 'mark';
  label: string;
}

export type Comparison = '<' | '<=' | '>' | '>=' | '==' | '!=';

export const DURATION_FIELDS = ['total', 'wakelockWait', 'suspend', 'resume'] as const;
export const COUNT_FIELDS = ['anomalies', 'blockingWakelocks'] as const;
export const WORD_FIELDS = ['outcome', 'kind'] as const;
export const INSTANCE_FIELDS = ['from', 'to'] as const;
export type DurationField = (typeof DURATION_FIELDS)[number];
export type CountField = (typeof COUNT_FIELDS)[number];
export type WordField = (typeof WORD_FIELDS)[number];
export type InstanceField = (typeof INSTANCE_FIELDS)[number];
export const OUTCOMES = ['ok', 'aborted', 'failed'] as const;
export const SWITCH_KINDS = ['switch', 'boot', 'section-transfer', 'plain-suspend'] as const;
export const INSTANCE_STATES = ['running', 'sleeping', 'booting', 'absent'] as const;

export const BLOCK_STATES = ['online', 'offline'] as const;
export type BlockState = (typeof BLOCK_STATES)[number];

/** A memory block (= section) by its number N, as in /sys/devices/system/memory/memoryN. */
export interface BlockRef extends Node {
  index: number;
}

/** What an `expect` line asserts. */
export type Expectation =
  | { kind: 'last-duration'; field: DurationField; op: Comparison; value: Duration }
  | { kind: 'last-count'; field: CountField; op: Comparison; value: number }
  | { kind: 'last-word'; field: WordField; op: '==' | '!='; value: string }
  | { kind: 'last-instance'; field: InstanceField; op: '==' | '!='; value: InstanceRef }
  | { kind: 'instance-state'; instance: InstanceRef; state: (typeof INSTANCE_STATES)[number] }
  | { kind: 'switch-count'; op: Comparison; value: number }
  | { kind: 'block-state'; block: BlockRef; state: BlockState }
  | { kind: 'dimm-state'; name: Word; state: BlockState };

export interface Expect extends Node {
  op: 'expect';
  expectation: Expectation;
  /** The assertion as written, for reports (`last.total < 2s`). */
  text: string;
}

export const SIM_ACTIONS = {
  cable: ['attach', 'detach'],
  wifi: ['busy', 'idle'],
  audio: ['play', 'stop'],
} as const;
export type SimDevice = keyof typeof SIM_ACTIONS;

/** A simulator scenario change; only valid when the target is the simulator. */
export interface Sim extends Node {
  op: 'sim';
  device: SimDevice;
  action: string;
  /** `sim audio play for 6s`: the scenario reverts by itself after this long. */
  duration?: Duration;
}

export const SUSPEND_STATES = ['mem', 'freeze'] as const;
export type SuspendState = (typeof SUSPEND_STATES)[number];
/** What `suspend` does when it does not say: sleep 2 s before the host wakes the machine, give the cycle 60 s. */
export const SUSPEND_DEFAULTS = { sleepMs: 2_000, timeoutMs: 60_000 } as const;

/** qemu: one suspend-to-RAM (or freeze) cycle of the whole machine, woken by the host after `duration`. */
export interface Suspend extends Node {
  op: 'suspend';
  state: Word & { value: SuspendState };
  /** How long the machine sleeps before the host wakes it (`for D`). */
  duration?: Duration;
  timeout?: Duration;
}

/** qemu: hot-add a DIMM of `amount` under the script's name for it. */
export interface DimmAdd extends Node {
  op: 'dimm-add';
  amount: Amount;
  name: Word;
}

/** qemu: unplug a DIMM the script (or the context) named. */
export interface DimmRemove extends Node {
  op: 'dimm-remove';
  name: Word;
}

/** `online block N [movable]` / `offline block N`: one memory block's sysfs state, on any target. */
export interface BlockSet extends Node {
  op: 'block';
  state: BlockState;
  block: BlockRef;
  /** `online block N movable`: into ZONE_MOVABLE (`online_movable`). */
  movable?: Word;
}

/** qemu: `online dimm NAME` / `offline dimm NAME`: every block of a hot-added DIMM. */
export interface DimmBlocks extends Node {
  op: 'dimm-blocks';
  state: BlockState;
  name: Word;
}

/** Words of the qemu statements that are not operations, for completion and colouring. */
export const QEMU_KEYWORDS = [...SUSPEND_STATES, 'add', 'remove', 'dimm', 'block', 'movable', ...BLOCK_STATES] as const;

/** A line the parser could not read; kept so editors and runners know the line exists. */
export interface Invalid extends Node {
  op: 'invalid';
}

export type Statement =
  | Reserve
  | Release
  | Load
  | Boot
  | Switch
  | Request
  | Terminate
  | Wait
  | WaitUntil
  | Repeat
  | WakelockHold
  | WakelockRelease
  | Shell
  | Mark
  | Expect
  | Sim
  | Suspend
  | DimmAdd
  | DimmRemove
  | BlockSet
  | DimmBlocks
  | Invalid;

/** `# key: value` comment lines before the first statement (e.g. `# expect-switches: 100`). */
export interface Directive extends Node {
  key: string;
  value: string;
}

export interface Script {
  statements: Statement[];
  directives: Directive[];
}
