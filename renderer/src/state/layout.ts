import { useCallback, useEffect, useState } from 'react';

/** The sizes a person gave the areas; kept in localStorage so the next run opens the same way. */
export interface Layout {
  /** Width of the connection column, px. */
  left: number;
  /** Share of the remaining width taken by the centre column (script, log). */
  center: number;
  /** Shares of the height for the top (script, charts) and middle (log, console) rows. */
  top: number;
  middle: number;
  /** Height of the sessions row, px. */
  bottom: number;
}

export type Theme = 'system' | 'light' | 'dark';

export const DEFAULT_LAYOUT: Layout = { left: 300, center: 0.56, top: 0.42, middle: 0.58, bottom: 120 };
const KEY = 'fsw.layout';

export function loadLayout(): Layout {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<Layout> | null;
    return clampLayout({ ...DEFAULT_LAYOUT, ...(saved ?? {}) });
  } catch {
    return DEFAULT_LAYOUT;
  }
}

export function clampLayout(l: Layout): Layout {
  const clamp = (v: number, lo: number, hi: number) => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : lo);
  const top = clamp(l.top, 0.12, 0.85);
  return { left: clamp(l.left, 200, 640), center: clamp(l.center, 0.2, 0.8), top, middle: 1 - top, bottom: clamp(l.bottom, 40, 400) };
}

export function useLayout(): [Layout, (change: Partial<Layout>) => void, () => void] {
  const [layout, setLayout] = useState(loadLayout);
  useEffect(() => localStorage.setItem(KEY, JSON.stringify(layout)), [layout]);
  const change = useCallback((c: Partial<Layout>) => setLayout((l) => clampLayout({ ...l, ...c })), []);
  const reset = useCallback(() => setLayout(DEFAULT_LAYOUT), []);
  return [layout, change, reset];
}

/** Light, dark, or whatever the system says (the default); applied as data-theme on <html>. */
export function useTheme(): [Theme, (t: Theme) => void] {
  const [theme, setTheme] = useState<Theme>(() => (localStorage.getItem('fsw.theme') as Theme | null) ?? 'system');
  useEffect(() => {
    localStorage.setItem('fsw.theme', theme);
    if (theme === 'system') document.documentElement.removeAttribute('data-theme');
    else document.documentElement.setAttribute('data-theme', theme);
  }, [theme]);
  return [theme, setTheme];
}
