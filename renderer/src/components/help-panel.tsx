/** Every shortcut the workbench answers to, in one place (opened with ?). */
export const SHORTCUTS: { keys: string; what: string }[] = [
  { keys: '?', what: 'show or hide this panel' },
  { keys: 'Esc', what: 'close this panel, or clear the selected switch' },
  { keys: '/', what: 'filter the kernel log' },
  { keys: 'End', what: 'follow the log again (scrolling up pauses it)' },
  { keys: '[  ]', what: 'select the previous / next switch' },
  { keys: '`', what: 'type to the UART console' },
  { keys: 'Ctrl+Enter', what: 'run the script (in the editor)' },
  { keys: 'Ctrl+.', what: 'stop the running script' },
  { keys: 'Enter / Shift+Enter', what: 'next / previous match in the console search' },
];

export function HelpPanel({ onClose }: { onClose: () => void }) {
  return (
    <div className="help-backdrop" onClick={onClose}>
      <div className="help-panel" role="dialog" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <div className="toolbar">
          <h2>Keyboard shortcuts</h2>
          <span className="spacer" />
          <button type="button" className="small" onClick={onClose} aria-label="Close">
            Close
          </button>
        </div>
        <table>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <td>
                  {s.keys.split(/\s+/).map((k) =>
                    k === '/' && s.keys.includes(' / ') ? (
                      <span key={k} className="hint">
                        {' or '}
                      </span>
                    ) : (
                      <kbd key={k}>{k}</kbd>
                    ),
                  )}
                </td>
                <td>{s.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="hint">Areas resize by dragging the gaps between them (double-click a gap to reset); sizes, the theme and the log filter are remembered.</p>
      </div>
    </div>
  );
}
