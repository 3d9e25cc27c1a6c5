/**
 * The part of Monaco the script editor uses: the editor API plus the
 * contributions it needs, instead of `monaco-editor` whole (every language,
 * the TypeScript/CSS/JSON/HTML workers). Bundled locally; its one worker
 * (the editor worker) loads from our own origin as a module worker, which
 * the CSP allows (`worker-src 'self' blob:`, no eval).
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/suggest/register';
// features/suggest/register (0.57) brings only inline completions; the suggest widget is its own contribution.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/codeAction/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/multicursor/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

export { monaco };
