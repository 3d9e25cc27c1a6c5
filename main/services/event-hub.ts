import { checkEvent } from '../../common/api/router';
import type { EventName, EventPayload } from '../../common/api/contract';

export type EventListener = (name: EventName, payload: unknown) => void;

/**
 * Fans service events out to every connected window or WebSocket client.
 * Payloads are checked against the contract once, here, before any adapter
 * sends them.
 */
export class EventHub {
  private listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    if (this.listeners.size === 0) return;
    const checked = checkEvent(name, payload);
    for (const listener of this.listeners) listener(name, checked);
  }

  get size(): number {
    return this.listeners.size;
  }
}
