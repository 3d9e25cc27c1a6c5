import { events, isEventName, isMethodName, methods, type EventName, type EventPayload, type MethodName, type Params, type Result } from './contract';
import { WorkbenchError, describeZodError } from './errors';
import type { Transport } from './wire';

/**
 * The typed API the renderer uses. Results and events are checked against
 * the contract here too: the renderer trusts nothing that crossed a wire.
 */
export class WorkbenchClient {
  private listeners = new Map<EventName, Set<(payload: never) => void>>();
  private unsubscribe: (() => void) | null = null;

  constructor(readonly transport: Transport) {}

  async call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
    if (!isMethodName(method)) throw new WorkbenchError('unknown-method', `No such method: ${String(method)}`);
    const response = await this.transport.call(method, params);
    if (!response.ok) throw WorkbenchError.fromData(response.error);
    const checked = methods[method].result.safeParse(response.result);
    if (!checked.success) throw new WorkbenchError('internal', `Malformed result for ${method}: ${describeZodError(checked.error)}`, method);
    return checked.data as Result<M>;
  }

  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    this.ensureSubscribed();
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.listeners.clear();
  }

  private ensureSubscribed(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.transport.subscribe((name, payload) => {
      if (!isEventName(name)) return;
      const set = this.listeners.get(name);
      if (!set || set.size === 0) return;
      const checked = events[name].safeParse(payload);
      if (!checked.success) {
        console.error(`Dropped malformed ${name} event: ${describeZodError(checked.error)}`);
        return;
      }
      for (const listener of set) (listener as (p: unknown) => void)(checked.data);
    });
  }
}
