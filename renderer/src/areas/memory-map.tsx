import { useEffect, useRef, useState } from 'react';
import type { DeviceState, SectionState } from '../../../common/domain/device-state';

const COLUMNS = 8;

const hex = (n: number) => `0x${n.toString(16).toUpperCase().padStart(8, '0')}`;
const mib = (n: number) => (n >= 1 << 30 ? `${n / (1 << 30)} GiB` : `${n / (1 << 20)} MiB`);

export function ownerClass(section: SectionState): string {
  if (section.owner === null) return 'owner-none';
  if (typeof section.owner === 'number') return `owner-i${Math.min(section.owner, 4)}`;
  return `owner-${section.owner}`;
}

/** The boot loader writes these ranges on every boot: no instance but the master may own them. */
const isBootLoaderRange = (s: SectionState) => s.owner === 'bootloader' || (s.note ?? '').includes('boot loader');

function describe(section: SectionState, names: Map<number, string>): string {
  const name = (id: number) => names.get(id) ?? `#${id}`;
  const owner =
    section.owner === null ? 'no owner' : typeof section.owner === 'number' ? `owned by ${name(section.owner)}` : section.owner === 'reserved' ? 'reserved carve-out (never online)' : section.owner === 'shared' ? 'shared by every instance' : 'boot-loader range';
  const online = section.onlineIn.length === 0 ? 'offline everywhere' : `online in ${section.onlineIn.map(name).join(', ')}`;
  return `memory${section.index} · ${hex(section.start)}–${hex(section.start + section.size - 1)} (${mib(section.size)}) · ${owner} · ${online} · ${section.zone}${section.note ? ` · ${section.note}` : ''}${section.refused ? ` · the kernel refused: ${section.refused}` : ''}`;
}

/** A row of the map: up to COLUMNS contiguous sections, or the hole between two that are not. */
type MapRow = { kind: 'sections'; sections: SectionState[] } | { kind: 'hole'; start: number; end: number };

/** Rows of contiguous sections; where the kernel has no memory between two (a PCI hole, the room before hot-added DIMMs) a hole row says so. */
export function mapRows(sections: readonly SectionState[]): MapRow[] {
  const rows: MapRow[] = [];
  let current: SectionState[] = [];
  let previous: SectionState | null = null;
  for (const s of sections) {
    const end: number | null = previous ? previous.start + previous.size : null;
    if (end !== null && s.start > end) {
      if (current.length) rows.push({ kind: 'sections', sections: current });
      rows.push({ kind: 'hole', start: end, end: s.start });
      current = [];
    }
    if (current.length === COLUMNS) {
      rows.push({ kind: 'sections', sections: current });
      current = [];
    }
    current.push(s);
    previous = s;
  }
  if (current.length) rows.push({ kind: 'sections', sections: current });
  return rows;
}

/**
 * Every section of physical memory as a cell: the colour says who owns it,
 * the dots which instances have it online; carve-outs, boot-loader ranges and
 * shared sections are marked. Cells that changed in the last state update
 * are outlined, so a reserve or a boot shows where it acted.
 */
export function MemoryMap({ device }: { device: DeviceState }) {
  const names = new Map(device.instances.map((i) => [i.id, i.name]));
  const [hovered, setHovered] = useState<SectionState | null>(null);
  const previous = useRef<Map<number, string>>(new Map());
  const lastChange = useRef(0);
  const [changed, setChanged] = useState<Set<number>>(new Set());

  useEffect(() => {
    const now = new Map(device.sections.map((s) => [s.index, `${String(s.owner)}|${s.onlineIn.join(',')}`]));
    const diff = new Set<number>();
    if (previous.current.size > 0) for (const [index, key] of now) if (previous.current.get(index) !== key) diff.add(index);
    previous.current = now;
    if (diff.size === 0) return;
    // One operation changes its blocks one write at a time: changes close together outline together.
    const at = performance.now();
    const joins = at - lastChange.current < 3000;
    lastChange.current = at;
    setChanged((old) => (joins ? new Set([...old, ...diff]) : diff));
  }, [device.sections]);

  const sections = device.sections;
  const first = sections[0];
  const total = sections.reduce((n, s) => n + s.size, 0);
  const rows = mapRows(sections);
  const hasDimms = sections.some((s) => s.dimm);
  const hasRefusals = sections.some((s) => s.refused);
  const owners = device.instances.map((i) => ({ id: i.id, name: i.name, count: sections.filter((s) => s.owner === i.id).length }));

  return (
    <div className="memory-map" data-testid="memory-map">
      <div className="memory-summary">
        {first ? `${mib(total)} from ${hex(first.start)} · ${sections.length} sections of ${mib(first.size)}${hasDimms ? ` · ${sections.filter((s) => s.dimm).length} hot-added` : ''}` : 'no sections reported'}
      </div>
      <div className="memory-grid" onMouseLeave={() => setHovered(null)}>
        {rows.map((row) =>
          row.kind === 'hole' ? (
            <div className="memory-hole" key={`hole-${row.start}`} data-testid="memory-hole">
              <span className="memory-address">{hex(row.start)}</span>
              <span>
                no memory up to {hex(row.end - 1)} ({mib(row.end - row.start)})
              </span>
            </div>
          ) : (
            <div className="memory-row" key={row.sections[0]!.index}>
              <span className="memory-address">{hex(row.sections[0]!.start)}</span>
              {row.sections.map((s) => (
                <div
                  key={s.index}
                  className={`memory-cell ${ownerClass(s)}${typeof s.owner === 'number' && !s.onlineIn.includes(s.owner) ? ' owner-offline' : ''}${isBootLoaderRange(s) ? ' bootloader-range' : ''}${s.dimm ? ' dimm' : ''}${s.refused ? ' refused' : ''}${changed.has(s.index) ? ' changed' : ''}`}
                  data-section={s.index}
                  data-owner={String(s.owner)}
                  data-online={s.onlineIn.join(',')}
                  {...(s.dimm ? { 'data-dimm': s.dimm } : {})}
                  {...(s.refused ? { 'data-refused': s.refused } : {})}
                  title={describe(s, names)}
                  onMouseEnter={() => setHovered(s)}
                >
                  <span className="cell-index">
                    {s.index}
                    {s.refused && <b className="cell-refused">!</b>}
                  </span>
                  <span className="cell-online">
                    {device.instances.map((i) => (
                      <i key={i.id} className={s.onlineIn.includes(i.id) ? `on i${Math.min(i.id, 4)}` : 'off'} />
                    ))}
                  </span>
                </div>
              ))}
            </div>
          ),
        )}
      </div>
      <div className="memory-hover" data-testid="memory-hover">
        {hovered ? describe(hovered, names) : 'Hover a section for its address range, owner and online state. Outlined: changed by the last operation.'}
      </div>
      <div className="memory-legend">
        {owners.map((o) => (
          <span key={o.id}>
            <i className={`swatch owner-i${Math.min(o.id, 4)}`} /> {o.name} ({o.count})
          </span>
        ))}
        <span>
          <i className="swatch owner-shared" /> shared
        </span>
        <span>
          <i className="swatch owner-reserved" /> carve-out
        </span>
        <span>
          <i className="swatch bootloader-range" /> boot loader writes
        </span>
        <span>
          <i className="swatch owner-none" /> free
        </span>
        <span>
          <i className="dot on i1" /> online in instance
        </span>
        {hasDimms && (
          <span>
            <i className="swatch dimm" /> hot-added DIMM
          </span>
        )}
        {hasRefusals && (
          <span>
            <b className="cell-refused">!</b> the kernel refused the last change
          </span>
        )}
      </div>
    </div>
  );
}
