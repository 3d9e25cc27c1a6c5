import type { DeviceState } from '../../../common/domain/device-state';
import type { Diagnostic } from '../../../common/script/diagnostic';
import { completionsAt, type CompletionKind } from './completions';
import { tokenizeLine } from './fsw-tokens';
import { monaco } from './monaco';
import { hoverMarkdown } from './operation-docs';

export const LANGUAGE_ID = 'fastswitch';
export const MARKER_OWNER = 'fsw-check';

/** What the language features read at the moment they run: the connected phone and each model's last diagnostics. */
interface LanguageState {
  device: () => DeviceState | null;
  diagnostics: Map<string, Diagnostic[]>;
}
const state: LanguageState = { device: () => null, diagnostics: new Map() };

export function setDeviceSource(device: () => DeviceState | null): void {
  state.device = device;
}

/** Shows a check's diagnostics as markers on the model and keeps their fixes for the quick-fix menu. */
export function setDiagnostics(model: monaco.editor.ITextModel, diagnostics: Diagnostic[]): void {
  state.diagnostics.set(model.uri.toString(), diagnostics);
  const severity = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info } as const;
  monaco.editor.setModelMarkers(
    model,
    MARKER_OWNER,
    diagnostics.map((d) => {
      const empty = d.range.startLine === d.range.endLine && d.range.endCol <= d.range.startCol;
      return {
        severity: severity[d.severity],
        message: d.message,
        code: d.code,
        startLineNumber: d.range.startLine,
        startColumn: d.range.startCol,
        endLineNumber: d.range.endLine,
        // A point (e.g. "missing unit here") gets one character so it can be seen.
        endColumn: empty ? d.range.startCol + 1 : d.range.endCol,
      };
    }),
  );
}

const COMPLETION_KIND: Record<CompletionKind, monaco.languages.CompletionItemKind> = {
  operation: monaco.languages.CompletionItemKind.Function,
  keyword: monaco.languages.CompletionItemKind.Keyword,
  instance: monaco.languages.CompletionItemKind.Variable,
  address: monaco.languages.CompletionItemKind.Constant,
  unit: monaco.languages.CompletionItemKind.Unit,
  snippet: monaco.languages.CompletionItemKind.Snippet,
  field: monaco.languages.CompletionItemKind.Field,
};

let registered = false;

/** Registers the `.fsw` language once: colouring from the real lexer, completion, hover, quick fixes. */
export function registerFastswitchLanguage(): void {
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: LANGUAGE_ID, extensions: ['.fsw'], aliases: ['Fastswitch script', 'fsw'] });
  monaco.languages.setLanguageConfiguration(LANGUAGE_ID, {
    comments: { lineComment: '#' },
    brackets: [['{', '}']],
    autoClosingPairs: [
      { open: '{', close: '}' },
      { open: '"', close: '"', notIn: ['string', 'comment'] },
    ],
    // Instance names may hold dashes (cm10-miui); addresses are one word.
    wordPattern: /0x[0-9a-fA-F_]+|\d[\w.]*|[A-Za-z_][\w-]*/,
    indentationRules: { increaseIndentPattern: /\{\s*(#.*)?$/, decreaseIndentPattern: /^\s*\}/ },
  });

  const initial: monaco.languages.IState = { clone: () => initial, equals: (other) => other === initial };
  monaco.languages.setTokensProvider(LANGUAGE_ID, {
    getInitialState: () => initial,
    tokenize: (line) => ({ tokens: tokenizeLine(line).map((t) => ({ startIndex: t.startIndex, scopes: t.type })), endState: initial }),
  });

  monaco.languages.registerCompletionItemProvider(LANGUAGE_ID, {
    triggerCharacters: [' ', '.'],
    provideCompletionItems: (model, position) => {
      const prefix = model.getValueInRange({ startLineNumber: position.lineNumber, startColumn: 1, endLineNumber: position.lineNumber, endColumn: position.column });
      const word = model.getWordUntilPosition(position);
      const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };
      const suggestions = completionsAt(prefix, state.device()).map((c, index) => ({
        label: c.label,
        kind: COMPLETION_KIND[c.kind],
        insertText: c.insertText,
        ...(c.snippet ? { insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet } : {}),
        ...(c.detail ? { detail: c.detail } : {}),
        ...(c.documentation && c.kind !== 'address' ? { documentation: c.documentation } : {}),
        // Keep the order the completion source chose (memory order for addresses).
        sortText: String(index).padStart(4, '0'),
        range,
      }));
      return { suggestions };
    },
  });

  monaco.languages.registerHoverProvider(LANGUAGE_ID, {
    provideHover: (model, position) => {
      const word = model.getWordAtPosition(position);
      if (!word) return null;
      const text = hoverMarkdown(word.word);
      if (!text) return null;
      return {
        range: { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn },
        contents: [{ value: text }],
      };
    },
  });

  monaco.languages.registerCodeActionProvider(LANGUAGE_ID, {
    provideCodeActions: (model, range) => {
      const diagnostics = state.diagnostics.get(model.uri.toString()) ?? [];
      const actions: monaco.languages.CodeAction[] = [];
      for (const d of diagnostics) {
        if (!d.fix) continue;
        const r = d.range;
        const touches = r.startLine <= range.endLineNumber && r.endLine >= range.startLineNumber;
        if (!touches) continue;
        const fix = d.fix.range;
        actions.push({
          title: d.fix.title,
          kind: 'quickfix',
          isPreferred: true,
          diagnostics: [
            { severity: monaco.MarkerSeverity.Error, message: d.message, startLineNumber: r.startLine, startColumn: r.startCol, endLineNumber: r.endLine, endColumn: r.endCol },
          ],
          edit: {
            edits: [
              {
                resource: model.uri,
                versionId: model.getVersionId(),
                textEdit: { range: { startLineNumber: fix.startLine, startColumn: fix.startCol, endLineNumber: fix.endLine, endColumn: fix.endCol }, text: d.fix.replacement },
              },
            ],
          },
        });
      }
      return { actions, dispose: () => undefined };
    },
  });

  for (const [name, base] of [
    ['fsw-light', 'vs'],
    ['fsw-dark', 'vs-dark'],
  ] as const) {
    monaco.editor.defineTheme(name, {
      base,
      inherit: true,
      rules: [
        { token: 'keyword.operation', foreground: base === 'vs' ? '7c3aed' : 'c4b5fd', fontStyle: 'bold' },
        { token: 'comment.directive', foreground: base === 'vs' ? '0e7490' : '67e8f9', fontStyle: 'italic' },
        { token: 'number.hex', foreground: base === 'vs' ? 'b45309' : 'fcd34d' },
      ],
      colors: {},
    });
  }
}
