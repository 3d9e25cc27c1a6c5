import type { TargetInfo } from '../../../common/api/contract';
import { useWorkbench, type WorkbenchStore } from '../state/workbench-store';

const STATUS_LABEL: Record<TargetInfo['status'], string> = {
  disconnected: 'not connected',
  connecting: 'connecting…',
  connected: 'connected',
  waiting: 'waiting for the device',
  lost: 'lost',
};

export function ConnectionArea({ store }: { store: WorkbenchStore }) {
  const targets = useWorkbench(store, (s) => s.targets);
  const device = useWorkbench(store, (s) => s.device);
  return (
    <div className="area-body">
      <h2>Targets</h2>
      {targets.length === 0 && <p className="hint">No targets yet.</p>}
      <ul className="target-list">
        {targets.map((target) => (
          <li key={target.id} className={`target status-${target.status}`} data-target={target.id}>
            <div className="target-line">
              <span className="target-label">{target.label}</span>
              <span className="target-status" data-testid={`status-${target.id}`}>
                {STATUS_LABEL[target.status]}
              </span>
            </div>
            {target.detail && <div className="target-detail">{target.detail}</div>}
            {target.status === 'disconnected' || target.status === 'lost' ? (
              <button type="button" onClick={() => void store.attempt(() => store.client.call('targets.connect', { id: target.id }))}>
                Connect
              </button>
            ) : (
              <button type="button" onClick={() => void store.attempt(() => store.client.call('targets.disconnect', { id: target.id }))}>
                Disconnect
              </button>
            )}
          </li>
        ))}
      </ul>
      <h2>Instances</h2>
      {device ? (
        <table className="instances">
          <tbody>
            {device.instances.map((instance) => (
              <tr key={instance.id} data-instance={instance.name}>
                <td className="num">{instance.id}</td>
                <td>{instance.name}</td>
                <td className={`instance-status ${instance.status}`}>{instance.status}</td>
                <td className="kernel">{instance.kernel}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="hint">Connect a target to see its kernel instances.</p>
      )}
      <p className="coming">Memory map, adb devices and serial consoles: coming with the UI and connections issues (#5, #7).</p>
    </div>
  );
}
