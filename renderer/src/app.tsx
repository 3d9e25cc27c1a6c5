import { useEffect, useState, type CSSProperties } from 'react';
import { ConnectionArea } from './areas/connection-area';
import { ScriptArea } from './areas/script-area';
import { LogArea } from './areas/log-area';
import { ChartsArea } from './areas/charts-area';
import { SessionsArea } from './areas/sessions-area';
import { TerminalArea } from './areas/terminal-area';
import { HelpPanel } from './components/help-panel';
import { ProgressStrip } from './components/progress-strip';
import { Splitter } from './components/splitter';
import { DEFAULT_LAYOUT, useLayout, useTheme, type Theme } from './state/layout';
import { useWorkbench, type WorkbenchStore } from './state/workbench-store';
import { runShortcut } from './state/shortcuts';

const GAP = 6;

/** The areas of the workbench: connection and memory map, script, charts, live log, UART console, sessions; resizable and remembered. */
export function App({ store }: { store: WorkbenchStore }) {
  const error = useWorkbench(store, (s) => s.error);
  const [layout, setLayout, resetLayout] = useLayout();
  const [theme, setTheme] = useTheme();
  const [help, setHelp] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && help) {
        setHelp(false);
        return;
      }
      if (runShortcut(event, store, () => setHelp((h) => !h))) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, help]);

  const style = {
    gridTemplateColumns: `${layout.left}px ${GAP}px minmax(0, ${layout.center}fr) ${GAP}px minmax(0, ${1 - layout.center}fr)`,
    gridTemplateRows: `38px minmax(0, ${layout.top}fr) ${GAP}px minmax(0, ${layout.middle}fr) ${GAP}px ${layout.bottom}px`,
  } satisfies CSSProperties;

  return (
    <div className="workbench" style={style}>
      <header className="title-bar">
        <span className="product">Fastswitch Workbench</span>
        <ProgressStrip store={store} />
        {error && (
          <div className="error-banner" role="alert">
            <span>{error}</span>
            <button type="button" onClick={() => store.dismissError()} aria-label="Dismiss error">
              ×
            </button>
          </div>
        )}
        <span className="spacer" />
        <select className="theme-select" aria-label="Theme" value={theme} onChange={(e) => setTheme(e.target.value as Theme)} title="Colour theme">
          <option value="system">system theme</option>
          <option value="light">light</option>
          <option value="dark">dark</option>
        </select>
        <button type="button" className="small" onClick={() => setHelp(true)} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">
          ?
        </button>
      </header>
      <aside className="area connection" aria-label="Connection">
        <ConnectionArea store={store} />
      </aside>
      <section className="area script" aria-label="Script">
        <ScriptArea store={store} />
      </section>
      <section className="area charts" aria-label="Switch charts">
        <ChartsArea store={store} />
      </section>
      <section className="area log" aria-label="Kernel log">
        <LogArea store={store} />
      </section>
      <section className="area terminal" aria-label="UART console">
        <TerminalArea store={store} />
      </section>
      <section className="area sessions" aria-label="Sessions">
        <SessionsArea store={store} />
      </section>
      <Splitter direction="columns" area="vs1" label="Connection column" onDrag={(x) => setLayout({ left: x - GAP / 2 })} onReset={() => setLayout({ left: DEFAULT_LAYOUT.left })} />
      {(['vs2', 'vs3'] as const).map((area) => (
        <Splitter
          key={area}
          direction="columns"
          area={area}
          label="Centre and right columns"
          onDrag={(x, _y, box) => setLayout({ center: (x - layout.left - GAP * 1.5) / Math.max(1, box.width - layout.left - GAP * 2) })}
          onReset={() => setLayout({ center: DEFAULT_LAYOUT.center })}
        />
      ))}
      <Splitter
        direction="rows"
        area="hs1"
        label="Top and middle rows"
        onDrag={(_x, y, box) => setLayout({ top: (y - 38 - GAP / 2) / Math.max(1, box.height - 38 - layout.bottom - GAP * 2) })}
        onReset={() => setLayout({ top: DEFAULT_LAYOUT.top })}
      />
      <Splitter direction="rows" area="hs2" label="Sessions row" onDrag={(_x, y, box) => setLayout({ bottom: box.height - y - GAP / 2 })} onReset={resetLayout} />
      {help && <HelpPanel onClose={() => setHelp(false)} />}
    </div>
  );
}
