import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../common/api/channels';

// Exposes the contract's two verbs and nothing else; the main process validates every payload.
contextBridge.exposeInMainWorld('workbench', {
  call: (method: string, params: unknown) => ipcRenderer.invoke(IPC_CALL_CHANNEL, method, params),
  subscribe: (listener: (name: string, payload: unknown) => void) => {
    const forward = (_event: IpcRendererEvent, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  },
});
