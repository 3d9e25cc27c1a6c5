import { useEffect, useRef, useState } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import '@xterm/xterm/css/xterm.css';
import { COMMAND_EVENT, type Command } from '../state/shortcuts';
import { useWorkbench, type WorkbenchStore } from '../state/workbench-store';

const SCROLLBACK = 20_000;
const FLUSH_MS = 100;
/** At most this much of each 100 ms slice is drawn (about 1,000 lines a second): xterm's DOM renderer costs frames beyond it. */
const SLICE_BYTES = 8 * 1024;
const HEX_SLICE_BYTES = 2 * 1024;

/** `00000010  5b 20 20 33 37 2e 31 37  36 39 31 30 5d 20 46 61  |[   37.176910] Fa|`, as hexdump -C prints it. */
export function hexLines(bytes: Uint8Array, offset: number): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 16) {
    const row = bytes.subarray(i, i + 16);
    let hex = '';
    let ascii = '';
    for (let j = 0; j < 16; j++) {
      const b = row[j];
      hex += (b === undefined ? '  ' : b.toString(16).padStart(2, '0')) + (j === 7 ? '  ' : ' ');
      ascii += b === undefined ? '' : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    }
    out += `\x1b[2m${(offset + i).toString(16).padStart(8, '0')}\x1b[0m  ${hex} |${ascii}|\r\n`;
  }
  return out;
}

function themeFromCss(): { background: string; foreground: string; cursor: string; selectionBackground: string } {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { background: v('--term-bg', '#111318'), foreground: v('--term-fg', '#d6dae2'), cursor: v('--accent', '#6aa0ff'), selectionBackground: v('--term-selection', '#33415c') };
}

/**
 * The UART console in xterm.js: the raw bytes as the phone sent them
 * (escapes, prompts without a newline), typing goes to the console's shell,
 * a scrollback to search, and a hex view for noisy lines.
 */
export function TerminalArea({ store }: { store: WorkbenchStore }) {
  const host = useRef<HTMLDivElement>(null);
  const terminal = useRef<Terminal | null>(null);
  const search = useRef<SearchAddon | null>(null);
  const [hex, setHex] = useState(false);
  const hexRef = useRef(false);
  const offset = useRef(0);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<boolean | null>(null);
  const connected = useWorkbench(store, (s) => s.device !== null);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const term = new Terminal({
      scrollback: SCROLLBACK,
      fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, monospace",
      fontSize: 12,
      // The UART sends "\r\n"; the simulator's kernel lines end in "\n" alone, as a real console with ONLCR off would show them badly.
      convertEol: true,
      cursorBlink: true,
      theme: themeFromCss(),
      allowProposedApi: true,
    });
    const fit = new FitAddon();
    const finder = new SearchAddon();
    term.loadAddon(fit);
    term.loadAddon(finder);
    term.open(el);
    // Short, so it does not wrap: a window opened late has no console history (the kernel log has it).
    term.write('\x1b[2mUART console: type here to reach the kernel shell.\x1b[0m\r\n');
    terminal.current = term;
    search.current = finder;
    const refit = () => {
      try {
        if (el.clientWidth > 0 && el.clientHeight > 0) fit.fit();
      } catch {
        // Not laid out yet: the next resize fits it.
      }
    };
    refit();
    const observer = new ResizeObserver(refit);
    observer.observe(el);
    const typed = term.onData((text) => {
      void store.client.call('console.write', { text }).catch((error: Error) => store.showError(`The console did not take the input: ${error.message}`));
    });
    // Bytes are drawn ten times a second. Under a flood only the newest part of each slice is drawn,
    // with a note of what was skipped: nobody reads 5,000 lines a second, and the kernel log keeps every line.
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    let flushTimer: number | null = null;
    const flush = () => {
      flushTimer = null;
      const all = new Uint8Array(pendingBytes);
      let at = 0;
      for (const chunk of pending) {
        all.set(chunk, at);
        at += chunk.length;
      }
      pending = [];
      pendingBytes = 0;
      const budget = hexRef.current ? HEX_SLICE_BYTES : SLICE_BYTES;
      let start = 0;
      if (all.length > budget) {
        start = all.length - budget;
        // Start at a line: the skipped part ends with the newline before it.
        const newline = all.indexOf(0x0a, start);
        if (newline >= 0 && newline < all.length - 1) start = newline + 1;
        term.write(`\r\n\x1b[2m… ${((start / 1024) | 0).toLocaleString()} KiB skipped (the console is flooding; the kernel log has every line)\x1b[0m\r\n`);
      }
      const shown = all.subarray(start);
      if (hexRef.current) term.write(hexLines(shown, offset.current + start));
      else term.write(shown);
      offset.current += all.length;
    };
    const unsubscribe = store.onConsoleBytes((bytes) => {
      pending.push(bytes);
      pendingBytes += bytes.length;
      flushTimer ??= window.setTimeout(flush, FLUSH_MS);
    });
    const onCommand = (event: Event) => {
      if ((event as CustomEvent<Command>).detail === 'focus-console') term.focus();
    };
    window.addEventListener(COMMAND_EVENT, onCommand);
    const scheme = window.matchMedia('(prefers-color-scheme: dark)');
    const retheme = () => (term.options.theme = themeFromCss());
    scheme.addEventListener('change', retheme);
    const themeObserver = new MutationObserver(retheme);
    themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      unsubscribe();
      if (flushTimer !== null) clearTimeout(flushTimer);
      window.removeEventListener(COMMAND_EVENT, onCommand);
      typed.dispose();
      observer.disconnect();
      themeObserver.disconnect();
      scheme.removeEventListener('change', retheme);
      term.dispose();
      terminal.current = null;
    };
  }, [store]);

  const toggleHex = (on: boolean) => {
    hexRef.current = on;
    setHex(on);
    terminal.current?.write(on ? '\r\n\x1b[33m── hex view: bytes as received ──\x1b[0m\r\n' : '\r\n\x1b[33m── text view ──\x1b[0m\r\n');
  };
  const find = (backwards: boolean) => {
    if (!search.current || query === '') return;
    const options = { caseSensitive: false, decorations: { matchOverviewRuler: '#e0a030', activeMatchColorOverviewRuler: '#ff8800', matchBackground: '#6b5420', activeMatchBackground: '#b07000' } };
    setFound(backwards ? search.current.findPrevious(query, options) : search.current.findNext(query, options));
  };

  return (
    <div className="area-body terminal-body">
      <div className="toolbar">
        <h2>UART console</h2>
        <span className="hint small">{connected ? 'type to the kernel console' : 'connect a target to use its console'}</span>
        <span className="spacer" />
        <input
          type="search"
          className={`term-search${found === false ? ' invalid' : ''}`}
          placeholder="search scrollback"
          aria-label="Search the console"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setFound(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') find(e.shiftKey);
          }}
        />
        <button type="button" className="small" onClick={() => find(true)} title="Previous match (Shift+Enter)">
          ↑
        </button>
        <button type="button" className="small" onClick={() => find(false)} title="Next match (Enter)">
          ↓
        </button>
        <label className="check" title="Show the bytes in hex as they arrive">
          <input type="checkbox" aria-label="Hex view" checked={hex} onChange={(e) => toggleHex(e.target.checked)} /> hex
        </label>
        <button type="button" className="small" onClick={() => terminal.current?.clear()} title="Clear the scrollback">
          Clear
        </button>
      </div>
      <div className="terminal-host" ref={host} data-testid="terminal" />
    </div>
  );
}
