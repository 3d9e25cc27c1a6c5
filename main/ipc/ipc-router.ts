import type { Dispatch } from '../../common/api/router';
import { IPC_CALL_CHANNEL } from '../../common/api/channels';
import type { CallResponse } from '../../common/api/wire';

/** The parts of Electron's ipcMain and its invoke event this adapter uses (so it runs under plain Node in tests). */
export interface IpcInvokeEventLike {
  senderFrame: { url: string; parent: unknown } | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/**
 * Electron adapter of the contract: one invoke channel. Calls from a frame
 * that is not our own top-level page are refused before any payload is read.
 */
export function registerIpcRouter(ipcMain: IpcMainLike, dispatch: Dispatch, isTrustedUrl: (url: string) => boolean): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event, method, params): Promise<CallResponse> => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null || !isTrustedUrl(frame.url)) {
      return { ok: false, error: { kind: 'unauthorized', message: `Refused a call from an untrusted frame (${frame?.url ?? 'unknown'})`, where: String(method) } };
    }
    return dispatch(method, params);
  });
  return () => ipcMain.removeHandler(IPC_CALL_CHANNEL);
}
