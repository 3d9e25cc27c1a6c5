import type { TargetInfo } from '../../../common/api/contract';
import { useWorkbench, type WorkbenchStore } from '../state/workbench-store';
import { MemoryMap } from './memory-map';

const STATUS_LABEL: Record<TargetInfo['status'], string> = {
  disconnected: 'not connected',
  connecting: 'connecting…',
  connected: 'connected',
  waiting: 'waiting for the device',
  lost: 'lost',
};

const KIND_LABEL: Record<TargetInfo['kind'], string> = {
  sim: 'simulator',
  adb: 'adb device',
  serial: 'serial console',
  tcp: 'TCP console',
  qemu: 'QEMU machine',
};

const KIND_ORDER: TargetInfo['kind'][] = ['sim', 'adb', 'serial', 'tcp', 'qemu'];

/** Targets by kind (simulator, adb devices, serial ports, TCP consoles), their state in words, the instances and the memory map. */
export function ConnectionArea({ store }: { store: WorkbenchStore }) {
  const targets = useWorkbench(store, (s) => s.targets);
  const device = useWorkbench(store, (s) => s.device);
  const kinds = KIND_ORDER.filter((k) => targets.some((t) => t.kind === k));
  const refresh = () => void store.attempt(() => store.refreshTargets());
  return (
    <div className="area-body connection-body">
      <div className="toolbar">
        <h2>Targets</h2>
        <span className="spacer" />
        <button type="button" className="small" onClick={refresh} title="Look again for adb devices, serial ports and consoles">
          Refresh
        </button>
      </div>
      {targets.length === 0 && <p className="hint">No targets found. The built-in simulator is always listed once the service answers.</p>}
      {kinds.map((kind) => (
        <div key={kind} className="target-group">
          <div className="target-kind">{KIND_LABEL[kind]}s</div>
          <ul className="target-list">
            {targets
              .filter((t) => t.kind === kind)
              .map((target) => (
                <li key={target.id} className={`target status-${target.status}`} data-target={target.id}>
                  <div className="target-line">
                    <span className={`status-dot status-${target.status}`} aria-hidden="true" />
                    <span className="target-label">{target.label}</span>
                    <span className="target-status" data-testid={`status-${target.id}`}>
                      {STATUS_LABEL[target.status]}
                    </span>
                  </div>
                  {target.detail && <div className="target-detail">{target.detail}</div>}
                  <div className="target-actions">
                    <code className="target-id">{target.id}</code>
                    {target.status === 'disconnected' || target.status === 'lost' ? (
                      <button type="button" onClick={() => void store.attempt(() => store.client.call('targets.connect', { id: target.id }))}>
                        Connect
                      </button>
                    ) : (
                      <button type="button" disabled={target.status === 'connecting'} onClick={() => void store.attempt(() => store.client.call('targets.disconnect', { id: target.id }))}>
                        Disconnect
                      </button>
                    )}
                  </div>
                </li>
              ))}
          </ul>
        </div>
      ))}
      <h2>Instances</h2>
      {device ? (
        <table className="instances" data-testid="instances">
          <tbody>
            {device.instances.map((instance) => (
              <tr key={instance.id} data-instance={instance.name}>
                <td className="num">{instance.id}</td>
                <td>
                  <i className={`swatch owner-i${Math.min(instance.id, 4)}`} /> {instance.name}
                </td>
                <td className={`instance-status ${instance.status}`}>{instance.status}</td>
                <td className="kernel" title={`Linux ${instance.kernel}${instance.android ? ` · Android ${instance.android}` : ''}`}>
                  {instance.kernel}
                  {instance.android ? ` · ${instance.android}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="hint">Connect a target to see its kernel instances and memory map.</p>
      )}
      {device && (
        <>
          <div className="toolbar">
            <h2>Memory map</h2>
            {device.wakelocks && device.wakelocks.length > 0 && (
              <span className="hint small" title={device.wakelocks.join(', ')}>
                wakelocks: {device.wakelocks.join(', ')}
              </span>
            )}
          </div>
          <MemoryMap device={device} />
        </>
      )}
    </div>
  );
}
