import type { Errno, FileResult, FileStat } from './device-backend';

/**
 * The phone's writable flash (/data, and the sdcard that lives in
 * /data/media): plain files in memory, shared by the instances because they
 * share the eMMC. /sdcard and /mnt/sdcard are the same directory.
 */
export class DeviceStorage {
  private files = new Map<string, { data: Uint8Array; mode: number; mtimeS: number }>();
  private dirs = new Set<string>(['/', '/data', '/data/media', '/data/local', '/data/local/tmp', '/system', '/system/bin', '/mnt', '/dev', '/proc', '/sys', '/sys/kernel', '/sys/kernel/debug']);

  constructor(private readonly clockS: () => number) {}

  static canonical(path: string): string {
    let p = path.replace(/\/+/g, '/');
    if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
    for (const alias of ['/sdcard', '/mnt/sdcard', '/storage/sdcard0']) {
      if (p === alias || p.startsWith(`${alias}/`)) return `/data/media${p.slice(alias.length)}`;
    }
    return p;
  }

  owns(path: string): boolean {
    const p = DeviceStorage.canonical(path);
    return p === '/data' || p.startsWith('/data/');
  }

  isDir(path: string): boolean {
    return this.dirs.has(DeviceStorage.canonical(path));
  }

  read(path: string): FileResult<Uint8Array> {
    const p = DeviceStorage.canonical(path);
    const f = this.files.get(p);
    if (f) return { ok: true, value: f.data };
    return { ok: false, errno: this.dirs.has(p) ? 'EISDIR' : 'ENOENT' };
  }

  write(path: string, data: Uint8Array, append = false, mode = 0o644): FileResult<void> {
    const p = DeviceStorage.canonical(path);
    if (this.dirs.has(p)) return { ok: false, errno: 'EISDIR' };
    const parent = p.slice(0, p.lastIndexOf('/')) || '/';
    if (!this.dirs.has(parent)) return { ok: false, errno: this.files.has(parent) ? 'ENOTDIR' : 'ENOENT' };
    const old = this.files.get(p);
    const bytes = append && old ? concat(old.data, data) : data.slice();
    this.files.set(p, { data: bytes, mode: old?.mode ?? mode, mtimeS: this.clockS() });
    return { ok: true, value: undefined };
  }

  mkdir(path: string): void {
    const p = DeviceStorage.canonical(path);
    const parts = p.split('/').filter(Boolean);
    let cur = '';
    for (const part of parts) {
      cur += `/${part}`;
      this.dirs.add(cur);
    }
  }

  chmod(path: string, mode: number): boolean {
    const f = this.files.get(DeviceStorage.canonical(path));
    if (f) f.mode = mode;
    return Boolean(f);
  }

  stat(path: string): FileResult<FileStat> {
    const p = DeviceStorage.canonical(path);
    const f = this.files.get(p);
    if (f) return { ok: true, value: { type: 'file', size: f.data.length, mode: f.mode, mtimeS: f.mtimeS } };
    if (this.dirs.has(p)) return { ok: true, value: { type: 'dir', size: 4096, mode: 0o771, mtimeS: 0 } };
    return { ok: false, errno: 'ENOENT' };
  }

  list(path: string): FileResult<string[]> {
    const p = DeviceStorage.canonical(path);
    if (!this.dirs.has(p)) return { ok: false, errno: this.files.has(p) ? 'ENOTDIR' : 'ENOENT' };
    const prefix = p === '/' ? '/' : `${p}/`;
    const names = new Set<string>();
    for (const k of [...this.files.keys(), ...this.dirs]) {
      if (k.startsWith(prefix) && k !== p) {
        const rest = k.slice(prefix.length);
        if (rest && !rest.includes('/')) names.add(rest);
      }
    }
    return { ok: true, value: [...names].sort() };
  }

  remove(path: string): FileResult<void> {
    const p = DeviceStorage.canonical(path);
    if (this.files.delete(p)) return { ok: true, value: undefined };
    if (this.dirs.has(p)) {
      const listing = this.list(p);
      if (listing.ok && listing.value.length > 0) return fail('EEXIST');
      this.dirs.delete(p);
      return { ok: true, value: undefined };
    }
    return fail('ENOENT');
  }
}

function fail(errno: Errno): FileResult<never> {
  return { ok: false, errno };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** A stand-in zImage: the real header words (magic 0x016F2818 at +0x24) and deterministic filler. */
const imageCache = new Map<string, Uint8Array>();

export function fakeZImage(size: number, seed: number): Uint8Array {
  const key = `${size}:${seed}`;
  const cached = imageCache.get(key);
  if (cached) return cached.slice();
  const image = makeZImage(size, seed);
  imageCache.set(key, image);
  return image.slice();
}

function makeZImage(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  const dv = new DataView(out.buffer);
  dv.setUint32(0x24, 0x016f2818, true);
  dv.setUint32(0x28, 0, true);
  dv.setUint32(0x2c, size, true);
  return out;
}
