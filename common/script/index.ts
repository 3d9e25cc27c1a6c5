/**
 * The `.fsw` script language (docs/script-language.md): parse, check against
 * a phone, compile to device steps. Pure: used by main, the CLI and the
 * renderer alike.
 */
export * from './ast';
export { checkAst, checkScript, hasErrors, type CheckOptions, type CheckResult } from './checker';
export { compile, compileScript, explainStep, explainSteps, memoryStatePath, type CompileOptions, type CompileResult } from './compile';
export { ControlInterfaceName, ScriptContext, ScriptInstance, ScriptMemory, ScriptSection, ScriptTarget } from './context';
export { Diagnostic, DiagnosticFix, DiagnosticSeverity, Diagnostics, LineMap, SourceRange } from './diagnostic';
export { contextForScript, directive } from './directives';
export { galaxyNexusContext } from './galaxy-nexus-context';
export { qemuContext } from './qemu-context';
export { parse, type ParseResult } from './parser';
export { CompiledExpectation, CompiledStep } from './steps';
export { OPERATION_DOCS, type OperationDoc } from './operation-docs';
export { withDeviceState } from './device-context';
export { completeAt, type CompletionItem, type CompletionKind, type Completions } from './completion';
export { hoverAt } from './hover';
export { expandSnippet, SNIPPETS, type ScriptSnippet } from './snippets';
