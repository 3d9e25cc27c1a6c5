import { useEffect, useState } from 'react';

/** Colours as concrete values (not `var(--x)`), so an exported SVG or PNG looks as it does on screen. */
export interface ChartColors {
  background: string;
  text: string;
  muted: string;
  grid: string;
  wakelock: string;
  suspend: string;
  handover: string;
  resume: string;
  accent: string;
  error: string;
}

function read(): ChartColors {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    background: v('--panel'),
    text: v('--text'),
    muted: v('--muted'),
    grid: v('--grid'),
    wakelock: v('--wakelock'),
    suspend: v('--suspend'),
    handover: v('--handover'),
    resume: v('--resume'),
    accent: v('--accent'),
    error: v('--error'),
  };
}

/** Re-reads the palette when the system or the person switches between light and dark. */
export function useChartColors(): ChartColors {
  const [colors, setColors] = useState(read);
  useEffect(() => {
    const scheme = window.matchMedia('(prefers-color-scheme: dark)');
    const update = () => setColors(read());
    scheme.addEventListener('change', update);
    const observer = new MutationObserver(update);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      scheme.removeEventListener('change', update);
      observer.disconnect();
    };
  }, []);
  return colors;
}
