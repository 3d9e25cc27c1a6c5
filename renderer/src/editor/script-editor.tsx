import { useEffect, useRef } from 'react';
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

// Monaco is bundled locally (no CDN); its one worker loads from our own origin.
self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

const LANGUAGE = 'fastswitch';
let registered = false;
function registerLanguage(): void {
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: LANGUAGE, extensions: ['.fsw'] });
  monaco.languages.setMonarchTokensProvider(LANGUAGE, {
    keywords: ['reserve', 'release', 'load', 'boot', 'switch', 'request', 'terminate', 'wait', 'until', 'timeout', 'repeat', 'wakelock', 'hold', 'for', 'shell', 'mark', 'expect', 'at', 'as', 'force', 'sections', 'sim'],
    tokenizer: {
      root: [
        [/#.*$/, 'comment'],
        [/"([^"\\]|\\.)*"/, 'string'],
        [/0x[0-9a-fA-F]+/, 'number.hex'],
        [/\d+(\.\d+)?(ms|us|s|K|M|G)?/, 'number'],
        [/[a-zA-Z_][\w.-]*/, { cases: { '@keywords': 'keyword', '@default': 'identifier' } }],
        [/[{}]/, 'delimiter.bracket'],
      ],
    },
  });
}

export interface ScriptEditorProps {
  value: string;
  onChange: (text: string) => void;
  onRun: () => void;
  runningLine: number | null;
}

export function ScriptEditor({ value, onChange, onRun, runningLine }: ScriptEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const decorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  const runRef = useRef(onRun);
  runRef.current = onRun;

  useEffect(() => {
    registerLanguage();
    const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
    const instance = monaco.editor.create(host.current!, {
      value,
      language: LANGUAGE,
      theme: dark ? 'vs-dark' : 'vs',
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      renderLineHighlight: 'line',
    });
    instance.onDidChangeModelContent(() => onChange(instance.getValue()));
    instance.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => runRef.current());
    editor.current = instance;
    decorations.current = instance.createDecorationsCollection();
    return () => instance.dispose();
    // Created once: later value changes come from the person typing in it.
  }, []);

  useEffect(() => {
    decorations.current?.set(
      runningLine === null ? [] : [{ range: new monaco.Range(runningLine, 1, runningLine, 1), options: { isWholeLine: true, className: 'running-line' } }],
    );
  }, [runningLine]);

  return <div className="script-editor" ref={host} data-testid="script-editor" />;
}
