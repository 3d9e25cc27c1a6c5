import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { Dispatch } from '../../common/api/router';
import { ServerFrame, type CallResponse } from '../../common/api/wire';
import { registerIpcRouter, type IpcInvokeEventLike, type IpcMainLike } from '../../main/ipc/ipc-router';
import type { EventHub } from '../../main/services/event-hub';
import { startWebServer, type RunningWebServer } from '../../main/web/web-server';

/** An ipcMain-shaped object that records the handler, so tests invoke it as Electron would. */
export function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const invoke = (channel: string, frameUrl: string | null, ...args: unknown[]) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler on ${channel}`);
    return handler({ senderFrame: frameUrl === null ? null : { url: frameUrl, parent: null } }, ...args);
  };
  return { ipcMain, invoke, handlers };
}

export function ipcAdapter(dispatch: Dispatch) {
  const ipc = fakeIpcMain();
  registerIpcRouter(ipc.ipcMain, dispatch, (url) => url.startsWith('app://workbench/'));
  return {
    call: (method: string, params: unknown) => ipc.invoke('workbench:call', 'app://workbench/index.html', method, params) as Promise<CallResponse>,
    callFrom: (frameUrl: string | null, method: string, params: unknown) => ipc.invoke('workbench:call', frameUrl, method, params) as Promise<CallResponse>,
  };
}

/** A placeholder renderer directory for web-server tests that do not need the real UI. */
export function tinyRendererDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fsw-renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>test</title>');
  return dir;
}

/** The real WebSocket bridge with a real ws client. */
export async function webSocketAdapter(dispatch: Dispatch, hub: EventHub, rendererDir = tinyRendererDir()) {
  const server: RunningWebServer = await startWebServer({ dispatch, hub, rendererDir, port: 0 });
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (r: CallResponse) => void>();
  const events: { name: string; payload: unknown }[] = [];
  socket.on('message', (data) => {
    const frame = ServerFrame.parse(JSON.parse(String(data)));
    if (frame.type === 'response') pending.get(frame.id)?.(frame.response);
    else events.push({ name: frame.name, payload: frame.payload });
  });
  return {
    server,
    events,
    send: (raw: string) => socket.send(raw),
    call: (method: string, params: unknown) =>
      new Promise<CallResponse>((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        socket.send(JSON.stringify({ type: 'call', id, method, params }));
      }),
    close: async () => {
      socket.close();
      await server.close();
    },
  };
}
