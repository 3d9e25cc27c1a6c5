import type { WorkbenchStore } from './workbench-store';

/** Commands areas listen for (the log's follow, the console's focus), so shortcuts need not reach into their state. */
export const COMMAND_EVENT = 'fsw:command';
export type Command = 'follow' | 'focus-filter' | 'focus-console';

export function sendCommand(command: Command): void {
  window.dispatchEvent(new CustomEvent(COMMAND_EVENT, { detail: command }));
}

/** Keys typed into an input, the editor or the terminal belong to them, not to the workbench. */
function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.closest) return false;
  return el.matches('input, textarea, select, [contenteditable="true"]') || el.closest('.monaco-editor, .xterm') !== null;
}

/** Runs the shortcut for this key, if it is one (see help-panel.tsx); true when handled. */
export function runShortcut(event: KeyboardEvent, store: WorkbenchStore, toggleHelp: () => void): boolean {
  if (event.ctrlKey && event.key === '.') {
    const script = store.getSnapshot().script;
    if (script && (script.state === 'running' || script.state === 'paused')) void store.attempt(() => store.client.call('script.stop', { runId: script.runId }));
    return true;
  }
  if (event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target)) return false;
  const { switches, selectedSwitch } = store.getSnapshot();
  switch (event.key) {
    case '?':
      toggleHelp();
      return true;
    case 'Escape':
      store.selectSwitch(null);
      return true;
    case '/':
      sendCommand('focus-filter');
      return true;
    case 'End':
      sendCommand('follow');
      return true;
    case '`':
      sendCommand('focus-console');
      return true;
    case '[':
    case ']': {
      if (switches.length === 0) return true;
      const at = switches.findIndex((s) => s.id === selectedSwitch);
      const next = at < 0 ? (event.key === '[' ? switches.length - 1 : 0) : Math.min(switches.length - 1, Math.max(0, at + (event.key === '[' ? -1 : 1)));
      store.selectSwitch(switches[next]!.id, true);
      return true;
    }
    default:
      return false;
  }
}
