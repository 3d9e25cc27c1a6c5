import { z } from 'zod';
import { WorkbenchErrorData } from './errors';

/** What a call returns over any transport: a result or a typed error, never a thrown exception. */
export const CallResponse = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: WorkbenchErrorData }),
]);
export type CallResponse = z.infer<typeof CallResponse>;

/** WebSocket frames (the Electron IPC carries the same shapes through invoke/send). */
export const ClientFrame = z.object({ type: z.literal('call'), id: z.number().int().nonnegative(), method: z.string().max(100), params: z.unknown() });
export type ClientFrame = z.infer<typeof ClientFrame>;

export const ServerFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('response'), id: z.number().int().nonnegative(), response: CallResponse }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

/** The renderer's view of a transport: Electron preload or WebSocket; it cannot tell which. */
export interface Transport {
  readonly kind: 'electron' | 'web';
  call(method: string, params: unknown): Promise<CallResponse>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
}
