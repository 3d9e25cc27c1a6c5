import { Suspense, lazy, useCallback, useEffect, useRef, useState } from 'react';
import type { Diagnostic } from '../../../common/script/diagnostic';
import { useWorkbench, type WorkbenchStore } from '../state/workbench-store';
import type { RunRequest } from '../editor/script-editor';
import { downloadText, pickScriptFile, scriptFileName } from '../editor/script-files';
import { onScriptRequest, type ScriptRequest } from '../editor/script-requests';
import '../editor/editor.css';

// Monaco is a few megabytes: load it only when the script area first renders.
const ScriptEditor = lazy(() => import('../editor/script-editor').then((m) => ({ default: m.ScriptEditor })));

const STARTER = '# Switch to Jelly Bean and back (Ctrl+Enter runs, Ctrl+Shift+Enter runs the selected lines)\nswitch jb\nswitch ics\n';
/** The starter for a Linux kernel under QEMU, which has no Fastswitch switch to make. */
const QEMU_STARTER = '# Suspend to RAM twice, then hot-add a DIMM and online it (Ctrl+Enter runs)\nrepeat 2 {\n  suspend mem for 2s\n}\ndimm add 128M as extra\nonline dimm extra\nexpect dimm extra online\n';

function countBySeverity(diagnostics: Diagnostic[]) {
  return {
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
  };
}

export function ScriptArea({ store }: { store: WorkbenchStore }) {
  const [text, setText] = useState(STARTER);
  const [fileName, setFileName] = useState('untitled.fsw');
  const [savedText, setSavedText] = useState(STARTER);
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>([]);
  const [record, setRecord] = useState(false);
  const [tags, setTags] = useState('');
  const [lineOffset, setLineOffset] = useState(0);
  const [lastSession, setLastSession] = useState<string | null>(null);
  const [replacement, setReplacement] = useState<{ seq: number; text: string } | null>(null);
  const script = useWorkbench(store, (s) => s.script);
  const device = useWorkbench(store, (s) => s.device);
  const active = script?.state === 'running' || script?.state === 'paused';
  const dirty = text !== savedText;
  const { errors, warnings } = countBySeverity(diagnostics);

  const run = useCallback(
    async (request: RunRequest, recordAs?: { tags: string[]; note: string }) => {
      const recording = recordAs ?? (record ? { tags: tags.split(/[,\s]+/).filter(Boolean), note: '' } : undefined);
      setLineOffset(request.firstLine - 1);
      const started = await store.attempt(() =>
        store.client.call('script.run', { text: request.text, name: fileName, ...(recording ? { record: recording } : {}) }),
      );
      if (started?.sessionId) setLastSession(started.sessionId);
    },
    [store, record, tags, fileName],
  );
  const control = (method: 'script.stop' | 'script.pause' | 'script.resume' | 'script.step') =>
    script && void store.attempt(() => store.client.call(method, { runId: script.runId }));
  const check = useCallback(async (source: string) => (await store.client.call('script.check', { text: source })).diagnostics, [store]);

  // Unsaved changes survive neither a reload nor closing the window without asking.
  useEffect(() => {
    if (!dirty) return;
    const guard = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older engines (and Electron's) prompt only for a non-empty legacy return value.
      event.returnValue = 'The script has unsaved changes.';
    };
    window.addEventListener('beforeunload', guard);
    return () => window.removeEventListener('beforeunload', guard);
  }, [dirty]);

  const replaceScript = (name: string, next: string) => {
    setFileName(name);
    setText(next);
    setSavedText(next);
    setReplacement((r) => ({ seq: (r?.seq ?? 0) + 1, text: next }));
  };
  // An untouched starter follows the connected target (only a change of target swaps it): a QEMU machine gets one it can run.
  const connectedKind = useWorkbench(store, (s) => s.targets.find((t) => t.status === 'connected')?.kind ?? null);
  useEffect(() => {
    if (!connectedKind || dirty || fileName !== 'untitled.fsw') return;
    const starter = connectedKind === 'qemu' ? QEMU_STARTER : STARTER;
    if ((text === STARTER || text === QEMU_STARTER) && text !== starter) replaceScript('untitled.fsw', starter);
  }, [connectedKind]);

  const confirmDiscard = () => !dirty || window.confirm(`${fileName} has unsaved changes. Discard them?`);

  const open = async () => {
    if (!confirmDiscard()) return;
    const file = await store.attempt(() => pickScriptFile());
    if (file) replaceScript(file.name, file.text);
  };
  const save = () => {
    const name = scriptFileName(fileName);
    downloadText(name, text);
    setFileName(name);
    setSavedText(text);
  };

  // The sessions area's "re-run": load the session's script, and run it when asked.
  const latest = useRef({ run, confirmDiscard, replaceScript });
  latest.current = { run, confirmDiscard, replaceScript };
  useEffect(
    () =>
      onScriptRequest((request: ScriptRequest) => {
        if (!latest.current.confirmDiscard()) return;
        latest.current.replaceScript(scriptFileName(request.name), request.text);
        if (request.run) void latest.current.run({ text: request.text, firstLine: 1 }, request.record);
      }),
    [],
  );

  const runningLine = active && script?.line ? script.line + lineOffset : null;
  return (
    <div className="area-body fsw-script-body">
      <div className="toolbar fsw-script-toolbar">
        <h2>Script</h2>
        <button type="button" onClick={() => void open()} title="Open a .fsw file">
          Open…
        </button>
        <button type="button" onClick={save} title="Save the script as a .fsw file">
          Save
        </button>
        <span className="fsw-file-name" data-testid="script-file">
          {fileName}
          {dirty ? ' •' : ''}
        </span>
        <span className="fsw-spacer" />
        <button
          type="button"
          onClick={() => void run({ text, firstLine: 1 })}
          disabled={!device || active || errors > 0}
          title={errors > 0 ? 'Fix the errors first' : 'Run the script (Ctrl+Enter); Ctrl+Shift+Enter runs the selected lines'}
        >
          Run
        </button>
        <label className={`fsw-record-toggle${record ? ' on' : ''}`} title="Record the run as a benchmark session">
          <input type="checkbox" checked={record} onChange={(e) => setRecord(e.target.checked)} data-testid="record-toggle" />
          {record ? '● Record' : 'Record'}
          {record && <input type="text" placeholder="tags" value={tags} onChange={(e) => setTags(e.target.value)} data-testid="record-tags" aria-label="Session tags" />}
        </label>
        {script?.state === 'paused' ? (
          <>
            <button type="button" onClick={() => control('script.resume')}>
              Resume
            </button>
            <button type="button" onClick={() => control('script.step')}>
              Step
            </button>
          </>
        ) : (
          <button type="button" onClick={() => control('script.pause')} disabled={script?.state !== 'running'}>
            Pause
          </button>
        )}
        <button type="button" onClick={() => control('script.stop')} disabled={!active}>
          Stop
        </button>
        {device?.instances
          .filter((instance) => instance.status === 'sleeping')
          .map((instance) => (
            <button key={instance.id} type="button" disabled={active} onClick={() => void run({ text: `switch ${instance.name}\n`, firstLine: 1 }, undefined)}>
              Switch to {instance.name}
            </button>
          ))}
      </div>
      <Suspense fallback={<div className="hint">Loading the editor…</div>}>
        <ScriptEditor value={STARTER} replacement={replacement} onChange={setText} onRun={(request) => void run(request)} check={check} device={device} runningLine={runningLine} onDiagnostics={setDiagnostics} />
      </Suspense>
      <div className="fsw-script-footer">
        <span className="script-status" data-testid="script-status">
          {script
            ? `${script.state}${script.line ? ` · line ${script.line + lineOffset}` : ''}${script.switches !== undefined ? ` · ${script.switches} switches` : ''}${script.message ? ` · ${script.message}` : ''}`
            : device
              ? 'ready'
              : 'connect a target to run scripts'}
        </span>
        <span data-testid="diagnostics-summary">
          <span className="fsw-errors">{errors} error{errors === 1 ? '' : 's'}</span>, <span className="fsw-warnings">{warnings} warning{warnings === 1 ? '' : 's'}</span>
        </span>
        {lastSession && <span data-testid="recorded-session">recorded as {lastSession}</span>}
      </div>
    </div>
  );
}
