import { z } from 'zod';
import { DeviceState } from '../domain/device-state';
import { LogRecord } from '../domain/log-record';
import { SwitchRecord } from '../domain/switch-record';
import { Diagnostics } from '../script/diagnostic';
import { RecordRequest, sessionEvents, sessionMethods } from './sessions-contract';

/**
 * The one API contract between the renderer and the services (DESIGN §3).
 * preload, the Electron IPC router and the WebSocket bridge are thin
 * adapters of these two tables; every payload is checked against them on
 * the service side, and every result and event on the renderer side.
 */

export const TargetKind = z.enum(['sim', 'adb', 'serial', 'tcp', 'qemu']);
export const TargetStatus = z.enum(['disconnected', 'connecting', 'connected', 'waiting', 'lost']);

export const TargetInfo = z.object({
  id: z.string(),
  kind: TargetKind,
  label: z.string(),
  status: TargetStatus,
  /** What the status means right now, in words (e.g. "waiting for jb to come back after the switch"). */
  detail: z.string().optional(),
});
export type TargetInfo = z.infer<typeof TargetInfo>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** How the renderer is connected to the services. */
  transport: z.enum(['electron', 'web']),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const RunState = z.enum(['running', 'paused', 'finished', 'stopped', 'failed']);

export const ScriptStatus = z.object({
  runId: z.string(),
  state: RunState,
  /** 1-based line being executed, when running. */
  line: z.number().int().positive().nullable(),
  message: z.string().optional(),
  /** Switch records measured since the run started. */
  switches: z.number().int().nonnegative().optional(),
  expectationsMet: z.number().int().nonnegative().optional(),
  expectationsFailed: z.number().int().nonnegative().optional(),
});
export type ScriptStatus = z.infer<typeof ScriptStatus>;

export const Progress = z.object({
  id: z.string(),
  label: z.string(),
  done: z.number(),
  total: z.number().nullable(),
  cancellable: z.boolean(),
  finished: z.boolean(),
});
export type Progress = z.infer<typeof Progress>;

/** Raw bytes of a console channel (the UART) as received, base64, batched like log records: what a terminal shows. */
export const ConsoleBytes = z.object({
  source: z.string(),
  data: z.string(),
});
export type ConsoleBytes = z.infer<typeof ConsoleBytes>;

const NoParams = z.object({}).strict();
const TargetRef = z.object({ id: z.string().min(1).max(200) }).strict();

export const methods = {
  'app.info': { params: NoParams, result: AppInfo },
  'targets.list': { params: NoParams, result: z.array(TargetInfo) },
  'targets.connect': { params: TargetRef, result: TargetInfo },
  'targets.disconnect': { params: TargetRef, result: TargetInfo },
  /** State of the connected device, or null when nothing is connected. */
  'device.state': { params: NoParams, result: DeviceState.nullable() },
  /** The most recent log records and switches, so a window that opens late catches up. */
  'log.recent': { params: z.object({ limit: z.number().int().positive().max(1_000_000) }).strict(), result: z.array(LogRecord) },
  'switches.list': { params: NoParams, result: z.array(SwitchRecord) },
  'script.run': {
    params: z
      .object({
        text: z.string().max(1_000_000),
        name: z.string().max(500).optional(),
        /** Folder the script's relative `load` paths are resolved against (where its file lives). */
        baseDir: z.string().max(4096).optional(),
        /** Record the run as a session (issue 8); the session id comes back in the result. */
        record: RecordRequest.optional(),
      })
      .strict(),
    result: z.object({ runId: z.string(), sessionId: z.string().optional() }),
  },
  'script.stop': { params: z.object({ runId: z.string() }).strict(), result: z.object({ stopped: z.boolean() }) },
  'script.pause': { params: z.object({ runId: z.string() }).strict(), result: z.object({ paused: z.boolean() }) },
  'script.resume': { params: z.object({ runId: z.string() }).strict(), result: z.object({ resumed: z.boolean() }) },
  /** Runs the next step of a paused script, then pauses again. */
  'script.step': { params: z.object({ runId: z.string() }).strict(), result: z.object({ stepped: z.boolean() }) },
  /** Checks a script against the connected device (or the default profile) without running it. */
  'script.check': { params: z.object({ text: z.string().max(1_000_000) }).strict(), result: z.object({ diagnostics: Diagnostics, expectedSwitches: z.number().int().nonnegative() }) },
  ...sessionMethods,
  /** Types to the connected target's console (the UART shell): what a person types in the terminal. */
  'console.write': { params: z.object({ text: z.string().min(1).max(65_536) }).strict(), result: z.object({ written: z.number().int().nonnegative() }) },
  /** Cancels the long work a `progress` event announced as cancellable (a script run: same as script.stop). */
  'progress.cancel': { params: z.object({ id: z.string().min(1).max(200) }).strict(), result: z.object({ cancelled: z.boolean() }) },
} as const;

export const events = {
  /** Log records, batched (one event per flush, not per line). */
  'log.records': z.array(LogRecord),
  'switch.record': SwitchRecord,
  'device.state': DeviceState,
  'target.state': TargetInfo,
  progress: Progress,
  'script.status': ScriptStatus,
  ...sessionEvents,
  'console.bytes': ConsoleBytes,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type Params<M extends MethodName> = z.input<Methods[M]['params']>;
export type Result<M extends MethodName> = z.output<Methods[M]['result']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
