import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { LogRecord } from '../../../common/domain/log-record';
import { useWorkbench, type WorkbenchStore } from '../state/workbench-store';

const ROW_HEIGHT = 18;

/** The record keeps the line as received; the time and level already have their own columns. */
const ENVELOPE = /^(<\d>)?\[\s*\d+\.\d+\]\s?/;
function messageOf(record: LogRecord): string {
  return record.kernelTime === null ? record.text : record.text.replace(ENVELOPE, '');
}

function formatKernelTime(t: number | null): string {
  return t === null ? '' : t.toFixed(6).padStart(13, ' ');
}

/** Live kernel log: virtualised, follows new lines until the person scrolls up. */
export function LogArea({ store }: { store: WorkbenchStore }) {
  const records = useWorkbench(store, (s) => s.records);
  const device = useWorkbench(store, (s) => s.device);
  const names = new Map(device?.instances.map((i) => [i.id, i.name]) ?? []);
  const scroller = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);

  const virtualizer = useVirtualizer({
    count: records.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });

  useEffect(() => {
    if (follow && records.length > 0) virtualizer.scrollToIndex(records.length - 1, { align: 'end' });
  }, [records.length, follow, virtualizer]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
    if (atBottom !== follow) setFollow(atBottom);
  };

  return (
    <div className="area-body log-body">
      <div className="toolbar">
        <h2>Kernel log</h2>
        <span className="hint" data-testid="log-count">
          {records.length.toLocaleString()} lines
        </span>
        <label className="follow">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> follow
        </label>
      </div>
      {records.length === 0 ? (
        <p className="hint">Kernel messages from the connected target appear here as they arrive.</p>
      ) : (
        <div className="log-scroller" ref={scroller} onScroll={onScroll} data-testid="log-lines">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const record = records[item.index] as LogRecord;
              return (
                <div
                  key={item.key}
                  className={`log-line kind-${record.kind} level-${record.level ?? 'none'}`}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  data-seq={record.seq}
                >
                  <span className="log-instance">{record.instance === null ? '' : (names.get(record.instance) ?? `#${record.instance}`)}</span>
                  <span className="log-time">{formatKernelTime(record.kernelTime)}</span>
                  <span className="log-text">{messageOf(record)}</span>
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
