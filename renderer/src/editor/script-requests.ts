/**
 * How another area puts a script into the editor (the sessions area's
 * "re-run"), without a shared store slice: one listener, the script area.
 */
export interface ScriptRequest {
  text: string;
  name: string;
  /** Run it at once (recording a new session when `record` is set). */
  run: boolean;
  record?: { tags: string[]; note: string };
}

type Listener = (request: ScriptRequest) => void;
const listeners = new Set<Listener>();

export function onScriptRequest(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function requestScript(request: ScriptRequest): boolean {
  for (const listener of listeners) listener(request);
  return listeners.size > 0;
}
