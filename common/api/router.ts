import type { z } from 'zod';
import { methods, isMethodName, events, type EventName, type EventPayload, type MethodName, type Methods, type Result } from './contract';
import { WorkbenchError, describeZodError } from './errors';
import type { CallResponse } from './wire';

/** The service side of the contract: one async function per method, given checked parameters. */
export type Handlers = { [M in MethodName]: (params: z.output<Methods[M]['params']>) => Promise<Result<M>> };

/**
 * Validates and dispatches one call. Every adapter (Electron IPC, WebSocket,
 * in-memory tests) goes through here, so a malformed payload is refused the
 * same way whichever wire it came over.
 */
export function createRouter(handlers: Handlers) {
  return async function dispatch(method: unknown, params: unknown): Promise<CallResponse> {
    if (!isMethodName(method)) {
      return { ok: false, error: { kind: 'unknown-method', message: `No such method: ${JSON.stringify(method)}`, where: 'method' } };
    }
    const parsed = methods[method].params.safeParse(params ?? {});
    if (!parsed.success) {
      return { ok: false, error: { kind: 'bad-request', message: `Invalid parameters for ${method}: ${describeZodError(parsed.error)}`, where: method } };
    }
    try {
      const handler = handlers[method] as (p: unknown) => Promise<unknown>;
      const result = await handler(parsed.data);
      const checked = methods[method].result.safeParse(result);
      if (!checked.success) {
        return { ok: false, error: { kind: 'internal', message: `The service answered ${method} with a malformed result: ${describeZodError(checked.error)}`, where: method } };
      }
      return { ok: true, result: checked.data };
    } catch (error) {
      if (error instanceof WorkbenchError) return { ok: false, error: error.toData() };
      return { ok: false, error: { kind: 'internal', message: `${method} failed: ${(error as Error)?.message ?? String(error)}`, where: method } };
    }
  };
}
export type Dispatch = ReturnType<typeof createRouter>;

/** Checks an event payload against the contract before it leaves the service. */
export function checkEvent<E extends EventName>(name: E, payload: EventPayload<E>): EventPayload<E> {
  return events[name].parse(payload) as EventPayload<E>;
}
