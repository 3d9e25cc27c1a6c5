import type { DeviceFiles, Errno, FileResult, FileStat } from './device-backend';
import { DeviceStorage } from './device-storage';
import { FSW } from './fsw-page';
import type { Instance } from './instance';
import { KERN } from './kernel-log';
import { hex8 } from './log-formats';
import type { PhoneModel } from './phone-model';
import { FswNotes } from './fsw-notes';

/** A kernel file: what reading it shows and what a write(2) to it does. */
interface KernelFile {
  mode: number;
  read?: (inst: Instance) => string | Uint8Array | FileResult<string>;
  write?: (inst: Instance, text: string, bytes: Uint8Array) => FileResult<void>;
}

const ok: FileResult<void> = { ok: true, value: undefined };
const fail = (errno: Errno): FileResult<never> => ({ ok: false, errno });
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const MEMORY_DIR = '/sys/devices/system/memory';
const FSW_DIR = '/sys/kernel/debug/fsw';

/**
 * The running instance's sysfs, debugfs (/d) and procfs, exactly as the
 * Fastswitch kernel of DESIGN §4 shows them, over the phone's flash.
 */
export class ControlFiles implements DeviceFiles {
  private readonly fixed = new Map<string, KernelFile>();
  readonly notes: FswNotes | null;

  constructor(
    private readonly model: PhoneModel,
    readonly storage: DeviceStorage,
  ) {
    this.notes = model.profile.controlInterface === 'fsw-notes' ? new FswNotes(model) : null;
    this.register();
  }

  // ---- DeviceFiles ----------------------------------------------------------

  /** The running instance, if its user space runs (a shell can only act then); null while frozen, asleep or off. */
  private get userspace(): Instance | null {
    const phase = this.model.phase;
    return phase === 'awake' || phase === 'booting' ? this.model.current : null;
  }

  read(path: string): FileResult<Uint8Array> {
    const inst = this.userspace;
    const p = canonical(path);
    if (this.storage.owns(p) || (!this.isKernelPath(p) && this.storage.stat(p).ok)) return this.storage.read(p);
    if (!inst) return fail('EAGAIN');
    const f = this.file(p, inst);
    if (!f) return fail(this.isDir(p, inst) ? 'EISDIR' : 'ENOENT');
    if (!f.read) return fail('EINVAL');
    const v = f.read(inst);
    if (v instanceof Uint8Array) return { ok: true, value: v };
    if (typeof v === 'string') return { ok: true, value: encoder.encode(v) };
    return v.ok ? { ok: true, value: encoder.encode(v.value) } : v;
  }

  write(path: string, data: Uint8Array, options?: { append?: boolean }): FileResult<void> {
    const inst = this.userspace;
    const p = canonical(path);
    if (this.storage.owns(p)) return this.storage.write(p, data, options?.append ?? false);
    if (!inst) return fail('EAGAIN');
    const f = this.file(p, inst);
    if (!f) {
      if (this.isDir(p, inst)) return fail('EISDIR');
      // sysfs, debugfs and procfs do not create files
      return fail(this.isKernelPath(p) ? 'ENOENT' : 'EACCES');
    }
    if (!f.write) return fail('EACCES');
    return f.write(inst, decoder.decode(data), data);
  }

  stat(path: string): FileResult<FileStat> {
    const inst = this.userspace;
    const p = canonical(path);
    if (this.storage.owns(p) || (!this.isKernelPath(p) && this.storage.stat(p).ok)) return this.storage.stat(p);
    if (!inst) return fail('EAGAIN');
    const f = this.file(p, inst);
    if (f) return { ok: true, value: { type: 'file', size: 4096, mode: f.mode, mtimeS: 0 } };
    if (this.isDir(p, inst)) return { ok: true, value: { type: 'dir', size: 0, mode: 0o755, mtimeS: 0 } };
    return fail('ENOENT');
  }

  list(dir: string): FileResult<string[]> {
    const inst = this.userspace;
    const p = canonical(dir);
    const names = new Set<string>();
    const stored = this.storage.list(p);
    if (stored.ok) for (const n of stored.value) names.add(n);
    if (inst) {
      const prefix = p === '/' ? '/' : `${p}/`;
      for (const path of this.allPaths(inst)) {
        if (!path.startsWith(prefix)) continue;
        const first = path.slice(prefix.length).split('/')[0];
        if (first) names.add(first);
      }
    }
    if (names.size === 0 && !stored.ok && !(inst && this.isDir(p, inst))) return fail(this.stat(p).ok ? 'ENOTDIR' : 'ENOENT');
    return { ok: true, value: [...names].sort() };
  }

  remove(path: string): FileResult<void> {
    const p = canonical(path);
    if (this.storage.owns(p)) return this.storage.remove(p);
    return fail(this.isKernelPath(p) ? 'EPERM' : 'EACCES');
  }

  // ---- the tree -------------------------------------------------------------

  private isKernelPath(p: string): boolean {
    return p.startsWith('/sys/') || p.startsWith('/proc/') || p === '/sys' || p === '/proc';
  }

  private isDir(p: string, inst: Instance): boolean {
    if (this.storage.isDir(p)) return true;
    const prefix = `${p}/`;
    return this.allPaths(inst).some((x) => x.startsWith(prefix));
  }

  private file(p: string, inst: Instance): KernelFile | undefined {
    const f = this.fixed.get(p);
    if (f) return this.notesOnly(p) && !this.notes ? undefined : f;
    if (p.startsWith(`${MEMORY_DIR}/memory`)) return this.memoryFile(p, inst);
    return undefined;
  }

  private notesOnly(p: string): boolean {
    return p.startsWith(FSW_DIR) && ['mem_request', 'free_boot', 'cmm', 'cst'].includes(p.slice(FSW_DIR.length + 1));
  }

  private allPaths(inst: Instance): string[] {
    const out = [...this.fixed.keys()].filter((p) => !this.notesOnly(p) || this.notes);
    for (const index of this.model.memory.knownBy(inst.id)) {
      for (const leaf of ['state', 'phys_index', 'end_phys_index', 'removable', 'phys_device']) out.push(`${MEMORY_DIR}/memory${index}/${leaf}`);
    }
    return out;
  }

  /** /sys/devices/system/memory/memoryN/* of the sections this kernel registered. */
  private memoryFile(p: string, inst: Instance): KernelFile | undefined {
    const m = /^\/sys\/devices\/system\/memory\/memory(\d+)\/([a-z_]+)$/.exec(p);
    if (!m) return undefined;
    const index = Number(m[1]);
    if (!this.model.memory.knows(inst.id, index)) return undefined;
    const block = this.model.memory.get(index)!;
    const idx = `${index.toString(16).padStart(8, '0')}\n`;
    switch (m[2]) {
      case 'state':
        return {
          mode: 0o644,
          read: () => (block.onlineIn.has(inst.id) ? 'online\n' : 'offline\n'),
          write: (i, text) => this.writeState(i, index, text),
        };
      case 'phys_index':
      case 'end_phys_index':
        return { mode: 0o444, read: () => idx };
      case 'removable':
        return { mode: 0o444, read: () => (block.info.zone === 'movable' && !this.model.memory.isCore(inst.id, index) ? '1\n' : '0\n') };
      case 'phys_device':
        return { mode: 0o444, read: () => '0\n' };
      default:
        return undefined;
    }
  }

  /** store_mem_state(): `online`/`offline` compared by prefix, as drivers/base/memory.c does. */
  private writeState(inst: Instance, index: number, text: string): FileResult<void> {
    const want = matchKeyword(text, 'online', 6) ? 'online' : matchKeyword(text, 'offline', 7) ? 'offline' : null;
    if (!want) return fail('EINVAL');
    const model = this.model;
    if (want === 'offline') {
      const r = model.memory.offline(inst.id, index, model.fsw.offlineOdds(inst));
      if (!r.ok) {
        for (const l of r.log ?? []) model.print(inst, KERN.INFO, l);
        return fail(r.errno);
      }
    } else {
      const r = model.memory.online(inst.id, index);
      if (!r.ok) {
        if (r.errno === 'EBUSY') model.print(inst, KERN.INFO, `section number ${index} page number 0 not reserved, was it already online?`);
        return fail(r.errno);
      }
      for (const other of r.collisions ?? []) {
        const victim = model.instance(other);
        if (victim) model.fsw.corrupt(victim, `section ${index} brought online in ${inst.name} too`);
        model.fsw.corrupt(inst, `section ${index} is also online in ${victim?.name ?? other}`);
      }
    }
    model.changed();
    return ok;
  }

  private register(): void {
    const m = this.model;
    const add = (path: string, f: KernelFile) => this.fixed.set(path, f);
    const prof = m.profile;

    add(`${MEMORY_DIR}/block_size_bytes`, { mode: 0o444, read: () => `${prof.sectionSize.toString(16)}\n` });

    // /d/fsw (K:fast_switch.c L171-366)
    add(`${FSW_DIR}/status`, { mode: 0o444, read: (inst) => this.status(inst) });
    add(`${FSW_DIR}/instance_atags`, { mode: 0o444, read: () => m.page.bootParams.slice() });
    add(`${FSW_DIR}/load_file`, { mode: 0o222, write: (inst, text) => this.loadFile(inst, text) });
    add(`${FSW_DIR}/switch`, { mode: 0o222, write: (inst, text) => this.switchWrite(inst, text) });
    add(`${FSW_DIR}/test`, {
      mode: 0o444,
      read: (inst) => {
        // reading it has a side effect on the real kernel: memblock_add(0x96000000, 0x4000000)
        m.print(inst, KERN.DEFAULT, 'Reading memory');
        return '';
      },
    });
    if (this.notes) this.notes.register(add, FSW_DIR);

    // Android wakelocks (kernel/power/userwakelock.c)
    add('/sys/power/wake_lock', {
      mode: 0o664,
      read: (inst) => `${inst.wakelocks.userActive(m.kernelMs(inst)).join(' ')}\n`,
      write: (inst, text) => {
        const mm = /^\s*(\S+)(?:\s+(\d+))?\s*$/.exec(text);
        if (!mm || !mm[1]) return fail('EINVAL');
        const timeout = mm[2] ? Number(mm[2]) / 1e6 : null;
        m.power.lock(inst, mm[1], timeout, true);
        m.changed();
        return ok;
      },
    });
    add('/sys/power/wake_unlock', {
      mode: 0o664,
      read: (inst) => `${inst.wakelocks.userInactive(m.kernelMs(inst)).join(' ')}\n`,
      write: (inst, text) => {
        const name = text.trim().split(/\s+/)[0];
        if (!name || !m.power.unlock(inst, name)) return fail('EINVAL');
        m.changed();
        return ok;
      },
    });
    add('/sys/power/state', {
      mode: 0o664,
      read: () => 'mem\n',
      write: (inst, text) => {
        const s = text.trim();
        if (s === 'mem') m.power.requestSuspendState(inst, 3);
        else if (s === 'on') m.power.requestSuspendState(inst, 0);
        else return fail('EINVAL');
        return ok;
      },
    });
    add('/sys/power/pm_async', boolFile((i) => (i.knobs.pmAsync ? '1' : '0'), (i, v) => (i.knobs.pmAsync = v)));
    add('/proc/wakelocks', { mode: 0o444, read: (inst) => inst.wakelocks.procWakelocks(m.kernelMs(inst)) });

    // debug knobs (fixtures/pm-log-formats.md §5)
    add('/sys/module/wakelock/parameters/debug_mask', intFile((i) => i.knobs.wakelockMask, (i, v) => (i.knobs.wakelockMask = v)));
    add('/sys/module/earlysuspend/parameters/debug_mask', intFile((i) => i.knobs.earlysuspendMask, (i, v) => (i.knobs.earlysuspendMask = v)));
    add('/sys/module/kernel/parameters/initcall_debug', boolFile((i) => (i.knobs.initcallDebug ? 'Y' : 'N'), (i, v) => (i.knobs.initcallDebug = v)));
    add('/sys/module/printk/parameters/time', boolFile((i) => (i.log.knobs.printkTime ? 'Y' : 'N'), (i, v) => (i.log.knobs.printkTime = v)));
    add('/proc/sys/kernel/printk', {
      mode: 0o644,
      read: (i) => `${i.log.knobs.consoleLoglevel}\t4\t1\t7\n`,
      write: (i, text) => {
        const first = text.trim().split(/\s+/)[0];
        if (!first || !/^\d+$/.test(first)) return fail('EINVAL');
        i.log.knobs.consoleLoglevel = Math.min(Number(first), 8);
        return ok;
      },
    });

    // procfs
    add('/proc/version', { mode: 0o444, read: (i) => `${i.profile.kernelVersionLine}\n` });
    add('/proc/cmdline', { mode: 0o444, read: (i) => `${i.profile.cmdline}\n` });
    add('/proc/iomem', { mode: 0o444, read: (i) => this.iomem(i) });
    add('/proc/meminfo', { mode: 0o444, read: (i) => this.meminfo(i) });
    add('/proc/kmsg', { mode: 0o400, read: () => '' });
    add('/proc/last_kmsg', { mode: 0o444, read: (i) => i.log.plain() });
    add('/system/build.prop', { mode: 0o644, read: () => Object.entries(m.properties()).map(([k, v]) => `${k}=${v}`).join('\n') + '\n' });
  }

  private status(inst: Instance): string {
    const page = this.model.page;
    const own = page.pages[page.currentInstance] ?? page.pages[inst.id]!;
    const lines = [`Current instance: ${page.currentInstance}`];
    for (let c = 0; c < this.model.profile.cpus; c++) {
      const phys = own.jumpAddress[c] ?? 0;
      const virt = (0xc0000000 + (phys & 0x0fffffff)) >>> 0;
      lines.push(`Resume address (core ${c}): [0x${phys.toString(16)}] 0x${virt.toString(16)}`);
    }
    lines.push(`Boot parameters size: 0x${page.bootParams.length.toString(16)}`);
    return `${lines.join('\n')}\n`;
  }

  /** fsw_write_load_file(): `ADDR PATH [NATURE [INSTANCE]]`, sscanf("%lx %s %s %d"). No check that the memory is free. */
  private loadFile(inst: Instance, text: string): FileResult<void> {
    const m = this.model;
    const fields = text.trim().split(/\s+/).filter(Boolean);
    const addr = fields[0] !== undefined ? parseHexLong(fields[0]) : null;
    if (fields.length < 2 || addr === null) {
      m.print(inst, KERN.INFO, 'Fastswitch: [load] invalid values');
      return fail('EINVAL');
    }
    const path = fields[1]!;
    const nature = fields[2] ?? '';
    const instance = fields[3] !== undefined && /^[+-]?\d+/.test(fields[3]) ? parseInt(fields[3], 10) : 0;
    const st = this.storage.stat(path);
    if (!st.ok) {
      m.print(inst, KERN.INFO, `Fastswitch: [load] failed to open ${path}`);
      return fail('EINVAL');
    }
    if (st.value.type !== 'file' || !(st.value.mode & 0o400)) {
      m.print(inst, KERN.INFO, `Fastswitch: [load] ${path}: not a file / bad permission`);
      return fail('EINVAL');
    }
    const bytes = this.storage.read(path);
    if (!bytes.ok) return fail('EINVAL');
    const r = m.fsw.loadImage(inst, addr, bytes.value, nature, instance, path);
    if (!r.ok) {
      m.print(inst, KERN.INFO, `Fastswitch: [load] failed to mmap address [${hex8(addr)}]`);
      return r;
    }
    m.print(inst, KERN.INFO, `Fastswitch: [load] ${path} (${bytes.value.length} bytes) at [${hex8(addr)}]`);
    return ok;
  }

  /** fsw_write_switch(): `MODE TARGET`, sscanf("%d %d"). */
  private switchWrite(inst: Instance, text: string): FileResult<void> {
    const m = this.model;
    const mm = /^\s*([+-]?\d+)\s+([+-]?\d+)/.exec(text);
    if (!mm) {
      m.print(inst, KERN.INFO, 'Fastswitch: [switch] <mode> <target>');
      return fail('EINVAL');
    }
    const mode = parseInt(mm[1]!, 10);
    const target = parseInt(mm[2]!, 10);
    const maxMode = this.notes ? FSW.MODE.TERMINATE : FSW.MODE.RESUME;
    if (mode < 1 || mode > maxMode) {
      m.print(inst, KERN.INFO, 'Fastswitch: [switch] invalid mode');
      return fail('EINVAL');
    }
    if (target < 1 || target > FSW.INST_MAX) {
      m.print(inst, KERN.INFO, 'Fastswitch: [switch] invalid target');
      return fail('EINVAL');
    }
    if (this.notes) {
      const refusal = this.notes.checkSwitch(inst, mode, target);
      if (refusal) return fail(refusal);
    }
    m.page.targetInstance = target;
    m.page.switchMode = mode;
    if (mode === FSW.MODE.RESUME) return fail('EINVAL');
    m.fsw.requestSwitch(inst, mode, target);
    return ok;
  }

  private iomem(inst: Instance): string {
    const m = this.model;
    const removed = m.profile.carveOuts.filter((c) => c.how === 'removed');
    const ranges: [number, number][] = [];
    for (const info of m.memory.sections) {
      if (!m.memory.isOnline(inst.id, info.index)) continue;
      let pieces: [number, number][] = [[info.start, info.start + info.size]];
      for (const c of removed) pieces = pieces.flatMap(([a, b]) => subtract(a, b, c.start, c.start + c.size));
      for (const piece of pieces) {
        const last = ranges[ranges.length - 1];
        if (last && last[1] === piece[0]) last[1] = piece[1];
        else ranges.push([...piece]);
      }
    }
    const h = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
    const out: string[] = [];
    for (const [a, b] of ranges) {
      out.push(`${h(a)}-${h(b - 1)} : System RAM`);
      const base = inst.memory(m.profile.ram.base, m.profile.ram.size).start;
      if (a <= base + 0x8000 && base + 0x8000 < b) {
        out.push(`  ${h(base + 0x8000)}-${h(base + 0x7fffff)} : Kernel text`);
        out.push(`  ${h(base + 0x800000)}-${h(base + 0xa8ffff)} : Kernel data`);
      }
    }
    const rc = m.profile.carveOuts.find((c) => c.name === 'ramconsole');
    if (rc) out.push(`${h(rc.start)}-${h(rc.start + rc.size - 1)} : ram_console`);
    out.sort((x, y) => x.trimStart().localeCompare(y.trimStart()) || 0);
    return `${out.join('\n')}\n`;
  }

  private meminfo(inst: Instance): string {
    const m = this.model;
    let kb = 0;
    for (const info of m.memory.sections) if (m.memory.isOnline(inst.id, info.index) && info.fixedOwner !== 'shared') kb += info.size / 1024;
    const free = Math.round(kb * 0.18);
    return [`MemTotal:       ${String(kb).padStart(8)} kB`, `MemFree:        ${String(free).padStart(8)} kB`, `Buffers:        ${String(Math.round(kb * 0.01)).padStart(8)} kB`, `Cached:         ${String(Math.round(kb * 0.3)).padStart(8)} kB`, ''].join('\n');
  }
}

function canonical(path: string): string {
  let p = DeviceStorage.canonical(path);
  if (p === '/d' || p.startsWith('/d/')) p = `/sys/kernel/debug${p.slice(2)}`;
  return p;
}

/** strncmp(buf, keyword, min(count, n)) == 0, as store_mem_state compares. */
function matchKeyword(text: string, keyword: string, n: number): boolean {
  const len = Math.min(text.length, n);
  if (len === 0) return false;
  return text.slice(0, len) === keyword.slice(0, len);
}

/** sscanf's %lx: optional 0x, hex digits, stops at the first other character. */
function parseHexLong(field: string): number | null {
  const m = /^(?:0[xX])?([0-9a-fA-F]+)/.exec(field);
  if (!m || !m[1]) return null;
  return parseInt(m[1].slice(-8), 16) >>> 0;
}

function subtract(a: number, b: number, c: number, d: number): [number, number][] {
  if (d <= a || c >= b) return [[a, b]];
  const out: [number, number][] = [];
  if (c > a) out.push([a, c]);
  if (d < b) out.push([d, b]);
  return out;
}

/** A module_param int: kstrtol base 0 (decimal, 0x hex, 0 octal). */
function intFile(get: (i: Instance) => number, set: (i: Instance, v: number) => void): KernelFile {
  return {
    mode: 0o644,
    read: (i) => `${get(i)}\n`,
    write: (i, text) => {
      const t = text.trim();
      if (!/^(0x[0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.test(t)) return fail('EINVAL');
      set(i, t.startsWith('0x') ? parseInt(t.slice(2), 16) : t.length > 1 && t.startsWith('0') ? parseInt(t, 8) : parseInt(t, 10));
      return ok;
    },
  };
}

/** A module_param bool: 1/0/Y/N/y/n. */
function boolFile(get: (i: Instance) => string, set: (i: Instance, v: boolean) => void): KernelFile {
  return {
    mode: 0o644,
    read: (i) => `${get(i)}\n`,
    write: (i, text) => {
      const c = text.trim()[0];
      if (c === '1' || c === 'Y' || c === 'y') set(i, true);
      else if (c === '0' || c === 'N' || c === 'n') set(i, false);
      else return fail('EINVAL');
      return ok;
    },
  };
}
