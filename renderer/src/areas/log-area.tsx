import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { LogSource } from '../../../common/domain/log-record';
import { compileFilter, FilteredLog, NO_FILTER, type LogFilter } from '../state/log-filter';
import type { LogLine } from '../state/log-store';
import { COMMAND_EVENT, type Command } from '../state/shortcuts';
import { BOUNDARY_LABEL, SwitchLines } from '../state/switch-lines';
import { useWorkbench, type WorkbenchStore } from '../state/workbench-store';

const ROW = 18;
/** Past this height the scroll range is scaled: browsers cap an element's height near 33 million px. */
const MAX_PX = 8_000_000;
/** Copying more than this goes through Save instead. */
const COPY_LIMIT = 100_000;

const LEVELS: { value: number; label: string }[] = [
  { value: 7, label: 'all levels' },
  { value: 6, label: '≤ info (6)' },
  { value: 4, label: '≤ warning (4)' },
  { value: 3, label: '≤ error (3)' },
];

/** The record keeps the line as received; the time and level already have their own columns. */
const ENVELOPE = /^(<\d>)?\[\s*\d+\.\d+\]\s?/;
function messageOf(line: LogLine): string {
  return line.kernelTime === null ? line.text : line.text.replace(ENVELOPE, '');
}

function formatKernelTime(t: number | null): string {
  return t === null ? '' : t.toFixed(6);
}

/** The filter as typed is kept between runs, like the layout. */
function loadFilter(): LogFilter {
  try {
    const saved = JSON.parse(localStorage.getItem('fsw.log-filter') ?? 'null') as Partial<LogFilter> | null;
    return saved ? { ...NO_FILTER, ...saved } : NO_FILTER;
  } catch {
    return NO_FILTER;
  }
}

/**
 * Live kernel log: virtualised over a chunked store (a million lines stay
 * smooth), follows new lines until the person scrolls up, filters by source,
 * instance, level, text or regular expression, marks switch boundaries and
 * gaps, and selects a switch when one of its lines is clicked.
 */
export function LogArea({ store }: { store: WorkbenchStore }) {
  const logVersion = useWorkbench(store, (s) => s.logVersion);
  const device = useWorkbench(store, (s) => s.device);
  const switches = useWorkbench(store, (s) => s.switches);
  const selected = useWorkbench(store, (s) => s.selectedSwitch);
  const reveal = useWorkbench(store, (s) => s.revealSwitch);
  const names = useMemo(() => new Map(device?.instances.map((i) => [i.id, i.name]) ?? []), [device]);
  const switchLines = useMemo(() => new SwitchLines(switches), [switches]);

  const [filter, setFilter] = useState<LogFilter>(loadFilter);
  const compiled = useMemo(() => compileFilter(filter), [filter]);
  const view = useMemo(() => new FilteredLog(store.log), [store]);
  const [filterMs, setFilterMs] = useState<number | null>(null);
  const [viewVersion, setViewVersion] = useState(0);
  /** The line a person last clicked: a new filter keeps it in view when it still shows. */
  const anchor = useRef<number | null>(null);
  const pendingAnchor = useRef<number | null>(null);
  useEffect(() => {
    localStorage.setItem('fsw.log-filter', JSON.stringify(filter));
    if (!compiled.ok) return;
    const ms = view.apply(compiled);
    setFilterMs(compiled.test ? ms : null);
    setViewVersion((v) => v + 1);
    pendingAnchor.current = anchor.current;
  }, [compiled, view, filter]);
  // New lines are tested as they arrive (before render, so counts and rows agree).
  view.update();

  const scroller = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);
  const [scrollTopState, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  /** The scrollTop the view last wrote while following: unchanged, it is not written again (a write forces layout). */
  const lastWritten = useRef(-1);
  const followWas = useRef(false);
  const filterInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onCommand = (event: Event) => {
      const command = (event as CustomEvent<Command>).detail;
      if (command === 'follow') setFollow(true);
      if (command === 'focus-filter') filterInput.current?.focus();
    };
    window.addEventListener(COMMAND_EVENT, onCommand);
    return () => window.removeEventListener(COMMAND_EVENT, onCommand);
  }, []);

  const count = view.length;
  const natural = count * ROW;
  const spacer = Math.min(natural, MAX_PX);
  const scaled = natural > MAX_PX;
  // Following, the bottom is known without asking the browser for layout (reading scrollTop forces a reflow per batch).
  const scrollTop = follow ? Math.max(0, spacer - height) : scrollTopState;
  // Where the scrollbar's position lands in the list (scaled when the list is taller than the spacer).
  const virtualTop = scaled ? (scrollTop / Math.max(1, spacer - height)) * Math.max(0, natural - height) : scrollTop;
  const firstRow = Math.max(0, Math.floor(virtualTop / ROW) - 2);
  const lastRow = Math.min(count, Math.ceil((virtualTop + height) / ROW) + 2);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    setHeight(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  const scrollToRow = useCallback(
    (row: number) => {
      const el = scroller.current;
      if (!el) return;
      const target = Math.max(0, row * ROW - el.clientHeight / 3);
      el.scrollTop = scaled ? (target / Math.max(1, natural - el.clientHeight)) * (spacer - el.clientHeight) : target;
      setScrollTop(el.scrollTop);
    },
    [scaled, natural, spacer],
  );

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!follow) followWas.current = false;
    if (!follow || !el) return;
    const bottom = Math.max(0, spacer - height);
    const resumed = !followWas.current;
    followWas.current = true;
    if (lastWritten.current === bottom && !resumed) return;
    lastWritten.current = bottom;
    el.scrollTop = bottom;
  }, [follow, logVersion, viewVersion, spacer, height]);

  useLayoutEffect(() => {
    const index = pendingAnchor.current;
    pendingAnchor.current = null;
    if (index === null || follow) return;
    scrollToRow(view.positionOf(index));
  }, [viewVersion, follow, scrollToRow, view]);

  // A chart asked to show the selected switch: scroll to its first line and stop following.
  useEffect(() => {
    if (reveal === 0 || selected === null) return;
    const record = switches.find((s) => s.id === selected);
    if (!record) return;
    const index = store.log.indexOfSeq(record.lines[0] - 1);
    if (index < 0) return;
    setFollow(false);
    scrollToRow(view.positionOf(index));
    // Only a new reveal request scrolls; new lines must not.
  }, [reveal]);

  // Following stops when someone else moves the view: wheel up, keys, the scrollbar, or any scroll to
  // a place the view did not write itself (its own writes cause scroll events too).
  const dragging = useRef(false);
  const atBottom = (top: number) => spacer - top - height < ROW * 2;
  const stopFollowing = () => {
    const el = scroller.current;
    if (!follow || !el) return;
    setScrollTop(el.scrollTop);
    setFollow(false);
  };
  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const top = el.scrollTop;
    if (!follow) {
      setScrollTop(top);
      if (atBottom(top) && !dragging.current) setFollow(true);
    } else if (!atBottom(top) && (dragging.current || Math.abs(top - lastWritten.current) > 1)) {
      // Not where the view put it: someone scrolled (the scrollbar, a script, find-in-page).
      setScrollTop(top);
      setFollow(false);
    }
  };
  useEffect(() => {
    const up = () => (dragging.current = false);
    window.addEventListener('pointerup', up);
    return () => window.removeEventListener('pointerup', up);
  }, []);

  const shownTexts = (limit: number): string[] => {
    const out: string[] = [];
    const selectedRecord = switches.find((s) => s.id === selected);
    if (selectedRecord) {
      const from = store.log.indexOfSeq(selectedRecord.lines[0] - 1);
      const to = store.log.indexOfSeq(selectedRecord.lines[1] - 1);
      if (from >= 0 && to >= from) for (let i = from; i <= to && out.length < limit; i++) out.push(store.log.text(i));
      return out;
    }
    for (let n = 0; n < view.length && out.length < limit; n++) out.push(store.log.text(view.at(n)));
    return out;
  };
  const copy = () => {
    const texts = shownTexts(COPY_LIMIT);
    void navigator.clipboard
      .writeText(texts.join('\n') + '\n')
      .catch(() => store.showError('The browser refused the clipboard: use Save to keep the lines in a file.'));
  };
  const save = () => {
    const texts = shownTexts(Number.MAX_SAFE_INTEGER);
    const url = URL.createObjectURL(new Blob([texts.join('\n') + '\n'], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `kernel-log-${new Date().toISOString().replace(/[:.]/g, '-')}.log`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const rows = [];
  for (let n = firstRow; n < lastRow; n++) {
    const line = store.log.line(view.at(n));
    if (!line) continue;
    const boundary = switchLines.boundaryAt(line.seq);
    const inSwitch = switchLines.switchAt(line.seq);
    const classes = ['log-line', `kind-${line.kind}`, `level-${line.level ?? 'none'}`];
    if (boundary) classes.push('boundary');
    if (inSwitch !== null) classes.push('in-switch');
    if (inSwitch !== null && inSwitch === selected) classes.push('selected-switch');
    const top = scrollTop + n * ROW - virtualTop;
    rows.push(
      <div
        // Rows are keyed by their slot on screen, so a new batch rewrites text in place instead of rebuilding rows.
        key={n - firstRow}
        className={classes.join(' ')}
        style={{ transform: `translateY(${top}px)` }}
        data-seq={line.seq}
        data-switch={inSwitch ?? undefined}
        onClick={
          inSwitch !== null
            ? () => {
                // A person reading a switch keeps it on screen: new lines no longer scroll it away.
                setFollow(false);
                anchor.current = line.index;
                store.selectSwitch(inSwitch);
              }
            : undefined
        }
        title={inSwitch !== null ? `Line ${line.seq + 1} · switch #${inSwitch}: click to show it in the charts` : `Line ${line.seq + 1}`}
      >
        <span className="log-no">{Number.isInteger(line.seq) ? line.seq + 1 : ''}</span>
        <span className="log-source">{line.source}</span>
        <span className="log-instance">{line.instance === null ? '' : (names.get(line.instance) ?? `#${line.instance}`)}</span>
        <span className="log-time">{formatKernelTime(line.kernelTime)}</span>
        {line.kind === 'gap' ? (
          <span className="log-text gap-text">⋯ gap: {line.text || 'the device was away; lines here are missing'}</span>
        ) : (
          <span className="log-text">
            {boundary && (
              <span className="boundary-badge" data-boundary={boundary.map((b) => b.name).join(' ')}>
                {boundary.map((b) => `#${b.id} ${BOUNDARY_LABEL[b.name]}`).join(' · ')}
              </span>
            )}
            {messageOf(line)}
          </span>
        )}
      </div>,
    );
  }

  const sources = store.log.sources();
  const instances = store.log.instances();
  const set = (change: Partial<LogFilter>) => setFilter((f) => ({ ...f, ...change }));

  return (
    <div className="area-body log-body">
      <div className="toolbar">
        <h2>Kernel log</h2>
        <span className="hint" data-testid="log-count">
          {view.active ? `${count.toLocaleString()} of ${store.log.size.toLocaleString()} lines` : `${store.log.size.toLocaleString()} lines`}
        </span>
        {filterMs !== null && <span className="hint small" data-testid="filter-time">filtered in {filterMs.toFixed(0)} ms</span>}
        <span className="spacer" />
        <select aria-label="Source" value={filter.source} onChange={(e) => set({ source: e.target.value as LogSource | 'all' })}>
          <option value="all">all sources</option>
          {[...new Set([...sources, ...(filter.source === 'all' ? [] : [filter.source])])].map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select
          aria-label="Instance"
          value={String(filter.instance)}
          onChange={(e) => set({ instance: e.target.value === 'all' || e.target.value === 'none' ? e.target.value : Number(e.target.value) })}
        >
          <option value="all">all instances</option>
          {[...new Set([...instances, ...(device?.instances.map((i) => i.id) ?? [])])].sort().map((id) => (
            <option key={id} value={id}>
              {names.get(id) ?? `#${id}`}
            </option>
          ))}
          <option value="none">unattributed</option>
        </select>
        <select aria-label="Level" value={filter.maxLevel} onChange={(e) => set({ maxLevel: Number(e.target.value) })}>
          {LEVELS.map((l) => (
            <option key={l.value} value={l.value}>
              {l.label}
            </option>
          ))}
        </select>
        <input
          ref={filterInput}
          className={`log-search${compiled.ok ? '' : ' invalid'}`}
          type="search"
          placeholder={filter.regex ? 'regular expression  ( / )' : 'filter text  ( / )'}
          aria-label="Filter log lines"
          data-testid="log-filter"
          value={filter.text}
          onChange={(e) => set({ text: e.target.value })}
        />
        <label className="check" title="Treat the filter as a regular expression (case-insensitive)">
          <input type="checkbox" aria-label="Regular expression" checked={filter.regex} onChange={(e) => set({ regex: e.target.checked })} /> .*
        </label>
        <label className="check follow" title="Follow new lines (End)">
          <input type="checkbox" aria-label="Follow" data-testid="follow" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> follow
        </label>
        <button type="button" onClick={copy} title="Copy the selected switch's lines, or the lines shown">
          Copy
        </button>
        <button type="button" onClick={save} title="Save the selected switch's lines, or the lines shown, to a file">
          Save
        </button>
        <button type="button" onClick={() => store.clearLog()} title="Clear the view (the service and sessions keep the lines)">
          Clear
        </button>
      </div>
      {!compiled.ok && (
        <div className="filter-error" role="alert" data-testid="filter-error">
          {compiled.error} — the view shows the last valid filter.
        </div>
      )}
      <div
        className="log-scroller"
        ref={scroller}
        onScroll={onScroll}
        onWheel={(e) => e.deltaY < 0 && stopFollowing()}
        onKeyDown={(e) => ['PageUp', 'ArrowUp', 'Home'].includes(e.key) && stopFollowing()}
        onPointerDown={() => (dragging.current = true)}
        data-testid="log-lines"
        tabIndex={0}
      >
        <div style={{ height: spacer, position: 'relative' }}>{rows}</div>
        {count === 0 && (
          <p className="hint log-empty">
            {store.log.size === 0 ? 'Kernel messages from the connected target appear here as they arrive.' : 'No line matches the filter.'}
          </p>
        )}
      </div>
    </div>
  );
}
