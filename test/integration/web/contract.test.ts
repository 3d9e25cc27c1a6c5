import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResponse } from '../../../common/api/wire';
import { galaxyNexusContext } from '../../../common/script/galaxy-nexus-context';
import { createWorkbenchService, type Workbench } from '../../../main/services/workbench';
import { ipcAdapter, webSocketAdapter } from '../../support/adapters';
import { fakeTargetProvider } from '../../support/fake-target-provider';

/** The same contract cases through both adapters: the renderer cannot tell which one it talks to. */
function serviceUnderTest(): Workbench {
  return createWorkbenchService({
    transport: 'web',
    providers: [fakeTargetProvider('fake').provider],
    createPipeline: () => ({ push: () => ({ records: [], switches: [] }), pushRecord: () => [], end: () => ({ records: [], switches: [] }) }),
    defaultScriptContext: () => galaxyNexusContext(),
  });
}

type Call = (method: string, params: unknown) => Promise<CallResponse>;
const adapters: Record<string, { call: Call; close: () => Promise<void> }> = {};
let ipcService: Workbench;
let wsService: Workbench;

beforeAll(async () => {
  ipcService = serviceUnderTest();
  const ipc = ipcAdapter(ipcService.dispatch);
  adapters.ipc = { call: ipc.call, close: () => ipcService.close() };
  wsService = serviceUnderTest();
  const ws = await webSocketAdapter(wsService.dispatch, wsService.hub);
  adapters.websocket = {
    call: ws.call,
    close: async () => {
      await ws.close();
      await wsService.close();
    },
  };
});
afterAll(async () => {
  for (const adapter of Object.values(adapters)) await adapter.close();
});

describe.each(['ipc', 'websocket'])('the contract through the %s adapter', (name) => {
  const call: Call = (method, params) => adapters[name]!.call(method, params);

  it('answers app.info with the app name and version', async () => {
    const response = await call('app.info', {});
    expect(response.ok).toBe(true);
    expect(response.ok && response.result).toMatchObject({ name: 'Fastswitch Workbench', transport: 'web' });
  });

  it('lists targets, connects one and reads its device state', async () => {
    const list = await call('targets.list', {});
    expect(list.ok && list.result).toEqual([expect.objectContaining({ id: 'fake', status: 'disconnected' })]);
    const connect = await call('targets.connect', { id: 'fake' });
    expect(connect.ok && connect.result).toMatchObject({ id: 'fake', status: 'connected' });
    const state = await call('device.state', {});
    expect(state.ok && state.result).toMatchObject({ runningInstance: 1, instances: [{ name: 'ics' }, { name: 'jb' }] });
    const disconnect = await call('targets.disconnect', { id: 'fake' });
    expect(disconnect.ok && disconnect.result).toMatchObject({ status: 'disconnected' });
  });

  it('rejects a malformed payload with a typed bad-request error naming the field', async () => {
    const response = await call('targets.connect', { id: 42 });
    expect(response).toEqual({ ok: false, error: { kind: 'bad-request', message: expect.stringContaining('id:'), where: 'targets.connect' } });
  });

  it('rejects fields the contract does not know', async () => {
    const response = await call('device.state', { everything: true });
    expect(response.ok).toBe(false);
    expect(!response.ok && response.error.kind).toBe('bad-request');
  });

  it('rejects an unknown method', async () => {
    const response = await call('shell.exec', { command: 'rm -rf /' });
    expect(response).toEqual({ ok: false, error: expect.objectContaining({ kind: 'unknown-method' }) });
  });

  it('says what to do when an operation needs a target and none is connected', async () => {
    const response = await call('script.run', { text: 'switch jb' });
    expect(response).toEqual({ ok: false, error: expect.objectContaining({ kind: 'not-connected', message: expect.stringContaining('connect') }) });
  });

  it('refuses to connect a target that does not exist', async () => {
    const response = await call('targets.connect', { id: 'nokia-3310' });
    expect(!response.ok && response.error).toMatchObject({ kind: 'not-found', where: 'targets.connect.id' });
  });
});

describe('the IPC adapter', () => {
  it('refuses calls from a frame that is not the app page, before reading the payload', async () => {
    const ipc = ipcAdapter(ipcService.dispatch);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', null]) {
      const response = await ipc.callFrom(url, 'app.info', {});
      expect(!response.ok && response.error.kind).toBe('unauthorized');
    }
  });
});
