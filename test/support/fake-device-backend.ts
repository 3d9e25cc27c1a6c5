import { posix } from 'node:path';
import type { Errno, FileResult, FileStat, SimDeviceBackend, ToolResult } from '../../main/simulator/device-backend';

/**
 * A small stand-in for the phone model, for testing the wires (adbd, shell,
 * UART) until the model is merged: an in-memory file tree with a few
 * sysfs/debugfs attributes that answer with the kernel's errnos, the two
 * instances' properties, a kmsg emitter, a console, and a reachability
 * switch. It keeps what it was sent so tests can check it.
 */

export interface Attribute {
  mode: number;
  /** Called on read; undefined means the file is write-only (EINVAL on read, like debugfs 0222). */
  show?: () => string;
  /** Called with the whole write(2) buffer; undefined means read-only (EACCES on write… as root: EINVAL). */
  store?: (text: string) => FileResult<void>;
}

type Node = { kind: 'dir'; mode: number; mtimeS: number } | { kind: 'file'; mode: number; mtimeS: number; data: Uint8Array } | { kind: 'attribute'; attribute: Attribute; mtimeS: number };

const ok: FileResult<void> = { ok: true, value: undefined };
const err = <T>(errno: Errno): FileResult<T> => ({ ok: false, errno });

export const icsProperties: Record<string, string> = {
  'ro.product.name': 'yakju',
  'ro.product.model': 'Galaxy Nexus',
  'ro.product.device': 'maguro',
  'ro.product.brand': 'google',
  'ro.product.manufacturer': 'samsung',
  'ro.build.version.release': '4.0.4',
  'ro.build.id': 'IMM76I',
  'ro.build.fingerprint': 'google/yakju/maguro:4.0.4/IMM76I/330937:user/release-keys',
  'ro.serialno': '0146A0B40F01B00C',
  'ro.secure': '0',
  'ro.debuggable': '1',
};

export const jbProperties: Record<string, string> = {
  ...icsProperties,
  'ro.build.version.release': '4.1.1',
  'ro.build.id': 'JRO03C',
  'ro.build.fingerprint': 'google/yakju/maguro:4.1.1/JRO03C/398337:user/release-keys',
};

export class FakeDeviceBackend implements SimDeviceBackend {
  private readonly nodes = new Map<string, Node>();
  private props: Record<string, string> = { ...icsProperties };
  private reachable = true;
  private readonly kmsgListeners = new Set<(text: string) => void>();
  private readonly reachabilityListeners = new Set<(reachable: boolean) => void>();
  private readonly consoleListeners = new Set<(bytes: Uint8Array) => void>();
  private clock = 0;
  private ring = '';
  /** Every write(2) the backend saw, in order. */
  readonly writes: Array<{ path: string; data: Uint8Array }> = [];
  /** Bytes typed at the console. */
  readonly consoleInput: Uint8Array[] = [];
  /** Requests made to /d/fsw/switch that were accepted. */
  readonly switchRequests: Array<{ mode: number; target: number }> = [];
  /** Memory blocks that refuse to go offline. */
  readonly busyBlocks = new Set<number>([8]);
  currentInstance = 1;

  constructor() {
    for (const dir of ['/', '/d', '/d/fsw', '/data', '/data/local', '/data/local/tmp', '/sdcard', '/proc', '/proc/sys', '/proc/sys/kernel', '/sys', '/sys/devices', '/sys/devices/system', '/sys/devices/system/memory', '/system', '/system/bin', '/dev']) this.mkdir(dir);
    this.addFile('/proc/sys/kernel/osrelease', '3.0.8-gda6252b\n');
    this.addFile('/proc/sys/kernel/version', '#1 SMP PREEMPT Mon Aug 20 11:12:13 CEST 2012\n');
    this.addFile('/proc/sys/kernel/hostname', 'localhost\n');
    this.addAttribute('/d/fsw/status', { mode: 0o444, show: () => `Current instance: ${this.currentInstance}\n` });
    this.addAttribute('/d/fsw/switch', { mode: 0o222, store: (text) => this.storeSwitch(text) });
    this.addAttribute('/sys/devices/system/memory/block_size_bytes', { mode: 0o444, show: () => '1000000\n' });
    for (const block of [8, 9, 10]) {
      let state = 'online';
      this.mkdir(`/sys/devices/system/memory/memory${block}`);
      this.addAttribute(`/sys/devices/system/memory/memory${block}/state`, {
        mode: 0o644,
        show: () => `${state}\n`,
        store: (text) => {
          const wanted = text.trim();
          if (wanted !== 'online' && wanted !== 'offline') return err('EINVAL');
          if (wanted === 'offline' && this.busyBlocks.has(block)) return err('EBUSY');
          state = wanted;
          return ok;
        },
      });
    }
  }

  // --- what the tests drive ---

  mkdir(path: string): void {
    this.nodes.set(path, { kind: 'dir', mode: 0o755, mtimeS: 1345457533 });
  }

  addFile(path: string, content: string | Uint8Array, mode = 0o644): void {
    const data = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    this.nodes.set(path, { kind: 'file', mode, mtimeS: 1345457533, data });
  }

  addAttribute(path: string, attribute: Attribute): void {
    this.nodes.set(path, { kind: 'attribute', attribute, mtimeS: 1345457533 });
  }

  fileContent(path: string): Uint8Array | undefined {
    const node = this.nodes.get(path);
    return node?.kind === 'file' ? node.data : undefined;
  }

  /** Prints a kernel line to /proc/kmsg readers, the dmesg ring and the UART. */
  printk(line: string, level = 6): void {
    const stamp = `[${(this.clock / 1000).toFixed(6).padStart(12)}] `;
    this.ring += `<${level}>${stamp}${line}\n`;
    for (const listener of this.kmsgListeners) listener(`<${level}>${stamp}${line}\n`);
    this.printConsole(`${stamp}${line}\r\n`);
  }

  printConsole(text: string | Uint8Array): void {
    const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
    for (const listener of this.consoleListeners) listener(bytes);
  }

  setReachable(reachable: boolean): void {
    if (this.reachable === reachable) return;
    this.reachable = reachable;
    for (const listener of this.reachabilityListeners) listener(reachable);
  }

  /** Becomes the other instance, as after a switch (the caller toggles reachability around it). */
  becomeInstance(instance: 1 | 2): void {
    this.currentInstance = instance;
    this.props = { ...(instance === 1 ? icsProperties : jbProperties) };
    this.addFile('/proc/sys/kernel/osrelease', instance === 1 ? '3.0.8-gda6252b\n' : '3.0.31-g9f818de\n');
  }

  advance(ms: number): void {
    this.clock += ms;
  }

  kmsgReaders(): number {
    return this.kmsgListeners.size;
  }

  // --- SimDeviceBackend ---

  readonly files = {
    read: (path: string): FileResult<Uint8Array> => {
      const node = this.nodes.get(path);
      if (!node) return err(this.parentProblem(path) ?? 'ENOENT');
      if (node.kind === 'dir') return err('EISDIR');
      if (node.kind === 'file') return { ok: true, value: node.data };
      if (!node.attribute.show) return err('EINVAL');
      return { ok: true, value: new TextEncoder().encode(node.attribute.show()) };
    },
    write: (path: string, data: Uint8Array, options?: { append?: boolean }): FileResult<void> => {
      this.writes.push({ path, data: new Uint8Array(data) });
      const node = this.nodes.get(path);
      if (!node) {
        const problem = this.parentProblem(path);
        if (problem) return err(problem);
        if (path.startsWith('/sys/') || path.startsWith('/d/') || path.startsWith('/proc/')) return err('EACCES');
        this.addFile(path, new Uint8Array(data));
        return ok;
      }
      if (node.kind === 'dir') return err('EISDIR');
      if (node.kind === 'file') {
        node.data = options?.append ? concat(node.data, data) : new Uint8Array(data);
        return ok;
      }
      if (!node.attribute.store) return err('EINVAL');
      return node.attribute.store(new TextDecoder().decode(data));
    },
    stat: (path: string): FileResult<FileStat> => {
      const node = this.nodes.get(path);
      if (!node) return err(this.parentProblem(path) ?? 'ENOENT');
      if (node.kind === 'dir') return { ok: true, value: { type: 'dir', size: 0, mode: node.mode, mtimeS: node.mtimeS } };
      if (node.kind === 'file') return { ok: true, value: { type: 'file', size: node.data.length, mode: node.mode, mtimeS: node.mtimeS } };
      return { ok: true, value: { type: 'file', size: 4096, mode: node.attribute.mode, mtimeS: node.mtimeS } };
    },
    list: (dir: string): FileResult<string[]> => {
      const node = this.nodes.get(dir);
      if (!node) return err('ENOENT');
      if (node.kind !== 'dir') return err('ENOTDIR');
      const prefix = dir === '/' ? '/' : `${dir}/`;
      const names = [...this.nodes.keys()].filter((path) => path !== dir && path.startsWith(prefix) && !path.slice(prefix.length).includes('/'));
      return { ok: true, value: names.map((path) => path.slice(prefix.length)) };
    },
    remove: (path: string): FileResult<void> => {
      const node = this.nodes.get(path);
      if (!node) return err('ENOENT');
      if (node.kind !== 'file') return err('EPERM');
      this.nodes.delete(path);
      return ok;
    },
  };

  properties(): Record<string, string> {
    return { ...this.props };
  }

  runTool(name: string, args: string[]): ToolResult | undefined {
    if (name !== 'memrw') return undefined;
    if (args.length < 1) return { stdout: '', stderr: 'usage: memrw ADDR [VALUE]\n', code: 1 };
    return { stdout: args.length === 1 ? '0x00000000\n' : '', stderr: '', code: 0 };
  }

  dmesg(): string {
    return this.ring;
  }

  subscribeKmsg(listener: (text: string) => void): () => void {
    this.kmsgListeners.add(listener);
    return () => this.kmsgListeners.delete(listener);
  }

  adbReachable(): boolean {
    return this.reachable;
  }

  onAdbReachability(listener: (reachable: boolean) => void): () => void {
    this.reachabilityListeners.add(listener);
    return () => this.reachabilityListeners.delete(listener);
  }

  readonly console = {
    onBytes: (listener: (bytes: Uint8Array) => void): (() => void) => {
      this.consoleListeners.add(listener);
      return () => this.consoleListeners.delete(listener);
    },
    input: (bytes: Uint8Array): void => {
      this.consoleInput.push(new Uint8Array(bytes));
    },
  };

  now(): number {
    return this.clock;
  }

  private parentProblem(path: string): Errno | undefined {
    const parent = this.nodes.get(posix.dirname(path));
    if (!parent) return 'ENOENT';
    return parent.kind === 'dir' ? undefined : 'ENOTDIR';
  }

  /** `MODE TARGET` as the 2012 kernel parses it; 3 (RESUME) and unknown instances are refused. */
  private storeSwitch(text: string): FileResult<void> {
    const match = /^\s*(-?\d+)\s+(-?\d+)/.exec(text);
    if (!match) return err('EINVAL');
    const mode = Number(match[1]);
    const target = Number(match[2]);
    if ((mode !== 1 && mode !== 2) || target < 1 || target > 3) return err('EINVAL');
    this.switchRequests.push({ mode, target });
    return ok;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
