import { useEffect, useRef } from 'react';
import type { DeviceState } from '../../../common/domain/device-state';
import type { Diagnostic } from '../../../common/script/diagnostic';
import { LANGUAGE_ID, MARKER_OWNER, registerFastswitchLanguage, setDeviceSource, setDiagnostics } from './fsw-language';
import { monaco } from './monaco';
import './editor.css';

/** Text to run: the whole script, or the lines of the selection and where they start. */
export interface RunRequest {
  text: string;
  /** 1-based line of the script where `text` starts (the runner counts lines from 1 in `text`). */
  firstLine: number;
}

/** Text put into the editor from outside (a file opened, a session's script); a new `seq` replaces the text. */
export interface Replacement {
  seq: number;
  text: string;
}

export interface ScriptEditorProps {
  /** The text the editor starts with. */
  value: string;
  replacement?: Replacement | null;
  onChange: (text: string) => void;
  onRun: (request: RunRequest) => void;
  /** Checks a text; the editor debounces the calls and drops answers to older texts. */
  check: (text: string) => Promise<Diagnostic[]>;
  device: DeviceState | null;
  /** Line of the script being run (already shifted for a run of a selection). */
  runningLine: number | null;
  onDiagnostics?: (diagnostics: Diagnostic[]) => void;
  readOnly?: boolean;
}

const CHECK_DELAY_MS = 250;

/** For browser tests: the markers and text of the script editor, read through the page. */
declare global {
  interface Window {
    fswScriptEditor?: {
      markers: () => { line: number; column: number; endLine: number; endColumn: number; message: string; severity: number }[];
      value: () => string;
    };
  }
}

function selectedLines(editor: monaco.editor.IStandaloneCodeEditor): RunRequest | null {
  const model = editor.getModel();
  const selection = editor.getSelection();
  if (!model || !selection || selection.isEmpty()) return null;
  // Whole lines, so the runner's line numbers map back onto the script.
  const last = selection.endColumn === 1 && selection.endLineNumber > selection.startLineNumber ? selection.endLineNumber - 1 : selection.endLineNumber;
  const text = model.getValueInRange({ startLineNumber: selection.startLineNumber, startColumn: 1, endLineNumber: last, endColumn: model.getLineMaxColumn(last) });
  return { text: `${text}\n`, firstLine: selection.startLineNumber };
}

export function ScriptEditor({ value, replacement = null, onChange, onRun, check, device, runningLine, onDiagnostics, readOnly = false }: ScriptEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const decorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  const recheck = useRef<() => void>(() => undefined);
  // Callbacks change every render; the editor's commands read the latest through refs.
  const latest = useRef({ onChange, onRun, check, onDiagnostics, device });
  latest.current = { onChange, onRun, check, onDiagnostics, device };

  useEffect(() => {
    registerFastswitchLanguage();
    setDeviceSource(() => latest.current.device);
    const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
    const instance = monaco.editor.create(host.current!, {
      value,
      language: LANGUAGE_ID,
      theme: dark ? 'fsw-dark' : 'fsw-light',
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      renderLineHighlight: 'line',
      glyphMargin: true,
      lightbulb: { enabled: monaco.editor.ShowLightbulbIconMode.OnCode },
      quickSuggestions: { other: true, comments: false, strings: false },
      suggestOnTriggerCharacters: true,
      tabSize: 2,
      readOnly,
      fixedOverflowWidgets: true,
    });
    const model = instance.getModel()!;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let disposed = false;
    const runCheck = () => {
      const version = model.getVersionId();
      const text = model.getValue();
      latest.current
        .check(text)
        .then((diagnostics) => {
          // An answer for an older text would put markers in the wrong places.
          if (disposed || model.getVersionId() !== version) return;
          setDiagnostics(model, diagnostics);
          latest.current.onDiagnostics?.(diagnostics);
        })
        .catch(() => undefined);
    };
    const scheduleCheck = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(runCheck, CHECK_DELAY_MS);
    };
    recheck.current = scheduleCheck;
    instance.onDidChangeModelContent(() => {
      latest.current.onChange(instance.getValue());
      scheduleCheck();
    });
    runCheck();

    instance.addAction({
      id: 'fsw.run',
      label: 'Run script',
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
      contextMenuGroupId: 'navigation',
      contextMenuOrder: 1,
      run: () => latest.current.onRun({ text: instance.getValue(), firstLine: 1 }),
    });
    instance.addAction({
      id: 'fsw.run-selection',
      label: 'Run selected lines',
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.Enter],
      contextMenuGroupId: 'navigation',
      contextMenuOrder: 2,
      run: () => {
        const request = selectedLines(instance);
        if (request) latest.current.onRun(request);
      },
    });
    editor.current = instance;
    decorations.current = instance.createDecorationsCollection();
    window.fswScriptEditor = {
      markers: () =>
        monaco.editor.getModelMarkers({ owner: MARKER_OWNER, resource: model.uri }).map((m) => ({
          line: m.startLineNumber,
          column: m.startColumn,
          endLine: m.endLineNumber,
          endColumn: m.endColumn,
          message: m.message,
          severity: m.severity,
        })),
      value: () => model.getValue(),
    };
    return () => {
      disposed = true;
      if (timer) clearTimeout(timer);
      delete window.fswScriptEditor;
      instance.dispose();
    };
    // Created once: later text changes come from typing, or from the effect below.
  }, []);

  // A file opened or a session's script loaded: replace the text (kept undoable). Typing never
  // comes back through here, so keystrokes faster than React renders are never overwritten.
  useEffect(() => {
    const instance = editor.current;
    const model = instance?.getModel();
    if (!instance || !model || !replacement || model.getValue() === replacement.text) return;
    instance.executeEdits('open', [{ range: model.getFullModelRange(), text: replacement.text }]);
    instance.pushUndoStop();
  }, [replacement]);

  useEffect(() => {
    editor.current?.updateOptions({ readOnly });
  }, [readOnly]);

  // The dry run depends on the phone's state: check again when a target connects or an instance changes state.
  const phoneState = device ? `${device.runningInstance}:${device.instances.map((i) => `${i.id}=${i.status}`).join(',')}` : 'none';
  useEffect(() => recheck.current(), [phoneState]);

  useEffect(() => {
    decorations.current?.set(
      runningLine === null
        ? []
        : [{ range: new monaco.Range(runningLine, 1, runningLine, 1), options: { isWholeLine: true, className: 'fsw-running-line', glyphMarginClassName: 'fsw-running-glyph', glyphMarginHoverMessage: { value: 'running' } } }],
    );
    if (runningLine !== null) editor.current?.revealLineInCenterIfOutsideViewport(runningLine);
  }, [runningLine]);

  return <div className="fsw-script-editor" ref={host} data-testid="script-editor" data-running-line={runningLine ?? ''} />;
}
