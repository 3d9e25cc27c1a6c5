import { ConnectionArea } from './areas/connection-area';
import { ScriptArea } from './areas/script-area';
import { LogArea } from './areas/log-area';
import { ChartsArea } from './areas/charts-area';
import { SessionsArea } from './areas/sessions-area';
import { useWorkbench, type WorkbenchStore } from './state/workbench-store';

/** The five areas of the workbench (issue 2): connection, script, live log, charts, sessions. */
export function App({ store }: { store: WorkbenchStore }) {
  const error = useWorkbench(store, (s) => s.error);
  return (
    <div className="workbench">
      <header className="title-bar">
        <span className="product">Fastswitch Workbench</span>
        {error && (
          <div className="error-banner" role="alert">
            <span>{error}</span>
            <button type="button" onClick={() => store.dismissError()} aria-label="Dismiss error">
              ×
            </button>
          </div>
        )}
      </header>
      <aside className="area connection" aria-label="Connection">
        <ConnectionArea store={store} />
      </aside>
      <section className="area script" aria-label="Script">
        <ScriptArea store={store} />
      </section>
      <section className="area log" aria-label="Kernel log">
        <LogArea store={store} />
      </section>
      <section className="area charts" aria-label="Switch charts">
        <ChartsArea store={store} />
      </section>
      <section className="area sessions" aria-label="Sessions">
        <SessionsArea store={store} />
      </section>
    </div>
  );
}
