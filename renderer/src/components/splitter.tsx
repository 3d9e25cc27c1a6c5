import type { PointerEvent as ReactPointerEvent } from 'react';

/**
 * A drag handle between two areas. It reports the pointer position relative
 * to the workbench; the owner turns that into sizes. Double-click resets.
 */
export function Splitter({ direction, area, onDrag, onReset, label }: { direction: 'columns' | 'rows'; area: string; onDrag: (x: number, y: number, box: DOMRect) => void; onReset: () => void; label: string }) {
  const down = (event: ReactPointerEvent<HTMLDivElement>) => {
    const handle = event.currentTarget;
    const container = handle.parentElement;
    if (!container) return;
    handle.setPointerCapture(event.pointerId);
    const move = (e: PointerEvent) => {
      const box = container.getBoundingClientRect();
      onDrag(e.clientX - box.left, e.clientY - box.top, box);
    };
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.classList.remove('dragging');
    };
    handle.classList.add('dragging');
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    event.preventDefault();
  };
  return (
    <div
      className={`splitter splitter-${direction}`}
      style={{ gridArea: area }}
      role="separator"
      aria-orientation={direction === 'columns' ? 'vertical' : 'horizontal'}
      aria-label={label}
      title={`${label}: drag to resize, double-click to reset`}
      onPointerDown={down}
      onDoubleClick={onReset}
    />
  );
}
