import { Suspense, lazy, useState } from 'react';
import { useWorkbench, type WorkbenchStore } from '../state/workbench-store';

// Monaco is a few megabytes: load it only when the script area first renders.
const ScriptEditor = lazy(() => import('../editor/script-editor').then((m) => ({ default: m.ScriptEditor })));

const STARTER = '# Switch to Jelly Bean and back (Ctrl+Enter runs)\nswitch jb\n';

export function ScriptArea({ store }: { store: WorkbenchStore }) {
  const [text, setText] = useState(STARTER);
  const script = useWorkbench(store, (s) => s.script);
  const device = useWorkbench(store, (s) => s.device);
  const running = script?.state === 'running';

  const run = (source: string) => void store.attempt(() => store.client.call('script.run', { text: source }));
  const stop = () => script && void store.attempt(() => store.client.call('script.stop', { runId: script.runId }));

  return (
    <div className="area-body script-body">
      <div className="toolbar">
        <h2>Script</h2>
        <button type="button" onClick={() => run(text)} disabled={!device || running} title="Run the script (Ctrl+Enter)">
          Run
        </button>
        <button type="button" onClick={stop} disabled={!running}>
          Stop
        </button>
        {device?.instances
          .filter((instance) => instance.status === 'sleeping')
          .map((instance) => (
            <button key={instance.id} type="button" disabled={running} onClick={() => run(`switch ${instance.name}\n`)}>
              Switch to {instance.name}
            </button>
          ))}
        <span className="script-status" data-testid="script-status">
          {script ? `${script.state}${script.line ? ` · line ${script.line}` : ''}${script.message ? ` · ${script.message}` : ''}` : device ? 'ready' : 'connect a target to run scripts'}
        </span>
      </div>
      <Suspense fallback={<div className="hint">Loading the editor…</div>}>
        <ScriptEditor value={text} onChange={setText} onRun={() => run(text)} runningLine={running ? script.line : null} />
      </Suspense>
    </div>
  );
}
