import type { TargetInfo } from '../../common/api/contract';
import { WorkbenchError } from '../../common/api/errors';
import type { DeviceState } from '../../common/domain/device-state';
import { galaxyNexusContext } from '../../common/script/galaxy-nexus-context';
import { wallClock } from '../../main/targets/wall-clock';
import type { TargetConnection, TargetProvider, TargetSink } from '../../main/targets/target';

/** A unit-test stand-in for a target: records control writes, serves a fixed state. Never the only test of a user path. */
export function fakeTargetProvider(id = 'fake') {
  const writes: { path: string; text: string }[] = [];
  let sink: TargetSink | null = null;
  const state: DeviceState = {
    model: 'Test phone',
    runningInstance: 1,
    instances: [
      { id: 1, name: 'ics', kernel: '3.0.8', android: '4.0.4', status: 'running' },
      { id: 2, name: 'jb', kernel: '3.0.31', android: '4.1.1', status: 'sleeping' },
    ],
    sections: [],
  };
  const info = (status: TargetInfo['status']): TargetInfo => ({ id, kind: 'sim', label: 'Fake target', status });
  const provider: TargetProvider = {
    list: async () => [info('disconnected')],
    open: (wanted, s) => {
      if (wanted !== id) return null;
      sink = s;
      const connection: TargetConnection = {
        info: () => info('connected'),
        deviceState: async () => state,
        writeControl: async (path, text) => {
          if (!path.startsWith('/')) throw new WorkbenchError('device', `${path}: No such file or directory`);
          writes.push({ path, text });
        },
        readControl: async () => '',
        shell: async () => '',
        push: async () => undefined,
        scriptContext: async () => galaxyNexusContext({ instances: [{ id: 1, name: 'ics', status: 'running' }, { id: 2, name: 'jb', status: 'sleeping' }] }),
        clock: wallClock(),
        instanceNames: () => ({ 1: 'ics', 2: 'jb' }),
        close: async () => {
          sink = null;
        },
      };
      return Promise.resolve(connection);
    },
  };
  return { provider, writes, sink: () => sink };
}
