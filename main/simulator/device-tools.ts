import type { ToolResult } from './device-backend';
import type { PhoneModel } from './phone-model';

/**
 * Binaries on the simulated phone that the shell does not implement:
 * `memrw`/`devmem` (the /dev/mem tools the author had, N:sep L1060),
 * `reboot`, `input keyevent`, `svc wifi`.
 */
export function runDeviceTool(model: PhoneModel, name: string, args: string[]): ToolResult | undefined {
  switch (name) {
    case 'memrw':
      return memrw(model, args);
    case 'devmem':
      return devmem(model, args);
    case 'reboot':
      return reboot(model, args);
    case 'input':
      return input(model, args);
    case 'svc':
      return svc(model, args);
    default:
      return undefined;
  }
}

const okOut = (stdout = ''): ToolResult => ({ stdout, stderr: '', code: 0 });
const usage = (text: string): ToolResult => ({ stdout: '', stderr: `${text}\n`, code: 1 });

function parseAddr(text: string | undefined): number | null {
  if (!text || !/^(0x[0-9a-fA-F]+|\d+)$/.test(text)) return null;
  return text.startsWith('0x') ? parseInt(text.slice(2), 16) >>> 0 : Number(text) >>> 0;
}

const hex = (n: number) => `0x${(n >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;

/** `memrw ADDR` reads a word; `memrw ADDR VALUE` writes one. */
function memrw(model: PhoneModel, args: string[]): ToolResult {
  const addr = parseAddr(args[0]);
  if (addr === null || args.length > 2) return usage('usage: memrw ADDR [VALUE]');
  if (args.length === 2) {
    const value = parseAddr(args[1]);
    if (value === null) return usage('usage: memrw ADDR [VALUE]');
    if (!model.page.writeWord(addr, value)) return { stdout: '', stderr: `memrw: ${hex(addr)}: not mapped by this tool\n`, code: 1 };
    model.changed();
    return okOut(`${hex(addr)}: ${hex(value)}\n`);
  }
  const v = model.page.readWord(addr);
  if (v === null) return { stdout: '', stderr: `memrw: ${hex(addr)}: not mapped by this tool\n`, code: 1 };
  return okOut(`${hex(addr)}: ${hex(v)}\n`);
}

/** busybox `devmem ADDR [WIDTH [VALUE]]`. */
function devmem(model: PhoneModel, args: string[]): ToolResult {
  const addr = parseAddr(args[0]);
  if (addr === null) return usage('BusyBox v1.20.2 multi-call binary.\n\nUsage: devmem ADDRESS [WIDTH [VALUE]]');
  if (args[1] && args[1] !== '32') return usage('devmem: only 32-bit access is modelled');
  if (args[2] !== undefined) {
    const value = parseAddr(args[2]);
    if (value === null || !model.page.writeWord(addr, value)) return usage('devmem: bad value or address');
    model.changed();
    return okOut();
  }
  const v = model.page.readWord(addr);
  return v === null ? usage('devmem: address not modelled') : okOut(`${hex(v)}\n`);
}

/** `reboot` restarts (the master boots, the rest are lost); `reboot -p` powers off. */
function reboot(model: PhoneModel, args: string[]): ToolResult {
  model.after(50, () => model.powerOff(args.includes('-p') ? 'power-off' : 'reboot'));
  return okOut();
}

/** `input keyevent 26` (KEYCODE_POWER). */
function input(model: PhoneModel, args: string[]): ToolResult {
  if (args[0] === 'keyevent' && (args[1] === '26' || args[1] === 'KEYCODE_POWER')) {
    model.pressPower();
    return okOut();
  }
  return usage('usage: input keyevent 26');
}

/** `svc wifi enable|disable`. */
function svc(model: PhoneModel, args: string[]): ToolResult {
  const inst = model.current;
  if (args[0] !== 'wifi' || !inst || (args[1] !== 'enable' && args[1] !== 'disable')) return usage('usage: svc wifi enable|disable');
  model.activity.setActivity(inst, { wifi: args[1] === 'enable' ? (inst.activity.wifi === 'off' ? 'idle' : inst.activity.wifi) : 'off' });
  return okOut();
}
