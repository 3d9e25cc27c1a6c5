import { useWorkbench, type WorkbenchStore } from '../state/workbench-store';

/** Long work under way (a script's switches, a push, a boot) with a way to cancel it. */
export function ProgressStrip({ store }: { store: WorkbenchStore }) {
  const progress = useWorkbench(store, (s) => s.progress);
  const current = progress.filter((p) => !p.finished).at(-1) ?? progress.at(-1);
  if (!current) return null;
  const share = current.finished ? 1 : current.total ? Math.min(1, current.done / current.total) : null;
  return (
    <div className={`progress-strip${current.finished ? ' finished' : ''}`} data-testid="progress" role="status">
      <span className="progress-label">{current.label}</span>
      <span className="progress-track" aria-hidden="true">
        <span className={`progress-fill${share === null ? ' indeterminate' : ''}`} style={share === null ? undefined : { width: `${share * 100}%` }} />
      </span>
      {(current.total !== null || current.done > 0) && (
        <span className="progress-count">
          {current.done}
          {current.total ? ` / ${current.total}` : ''} switch{current.done === 1 && !current.total ? '' : 'es'}
        </span>
      )}
      {current.cancellable && !current.finished && (
        <button type="button" className="small" onClick={() => void store.attempt(() => store.client.call('progress.cancel', { id: current.id }))} title="Stop (Ctrl+.)">
          Cancel
        </button>
      )}
    </div>
  );
}
