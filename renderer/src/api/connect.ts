import { WorkbenchClient } from '../../../common/api/client';
import { CallResponse, ServerFrame, type Transport } from '../../../common/api/wire';

/** What preload exposes in Electron (see preload/index.ts). */
interface PreloadBridge {
  call(method: string, params: unknown): Promise<unknown>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    workbench?: PreloadBridge;
  }
}

function electronTransport(bridge: PreloadBridge): Transport {
  return {
    kind: 'electron',
    call: async (method, params) => CallResponse.parse(await bridge.call(method, params)),
    subscribe: (listener) => bridge.subscribe(listener),
  };
}

/** Web mode: the same contract over a WebSocket to the page's own origin (the token rides in the cookie). */
function webSocketTransport(): Transport {
  const url = new URL('/ws', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = new URLSearchParams(window.location.search).get('token');
  if (token) url.searchParams.set('token', token);

  let socket: WebSocket;
  let opened: Promise<void>;
  let nextId = 1;
  const pending = new Map<number, (response: CallResponse) => void>();
  const listeners = new Set<(name: string, payload: unknown) => void>();

  const open = () => {
    socket = new WebSocket(url);
    opened = new Promise((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error('The workbench service is not reachable')), { once: true });
    });
    socket.addEventListener('message', (message) => {
      const frame = ServerFrame.safeParse(JSON.parse(String(message.data)));
      if (!frame.success) return;
      if (frame.data.type === 'response') {
        pending.get(frame.data.id)?.(frame.data.response);
        pending.delete(frame.data.id);
      } else {
        for (const listener of listeners) listener(frame.data.name, frame.data.payload);
      }
    });
    socket.addEventListener('close', () => {
      for (const resolve of pending.values()) resolve({ ok: false, error: { kind: 'internal', message: 'Connection to the workbench service closed' } });
      pending.clear();
    });
  };
  open();

  return {
    kind: 'web',
    call: async (method, params) => {
      await opened;
      const id = nextId++;
      return new Promise<CallResponse>((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ type: 'call', id, method, params }));
      });
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function connectWorkbench(): WorkbenchClient {
  return new WorkbenchClient(window.workbench ? electronTransport(window.workbench) : webSocketTransport());
}
