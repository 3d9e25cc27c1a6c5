import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { WorkbenchError } from '../../../common/api/errors';
import { resourcesDir } from '../../resources-dir';

export interface BootImages {
  kernel: string;
  initrd: string;
  /** The kernel's release (`6.1.0-56-amd64`) when the workbench fetched it; null for a kernel the user gave. */
  kernelRelease: string | null;
  /** Where the kernel came from, in words, for the connection area and the session. */
  origin: string;
}

export interface BootImageOptions {
  /** A kernel image of the user's (`--kernel`); absent: Debian's current amd64 kernel. */
  kernel?: string;
  /** An initramfs of the user's (`--initrd`); absent: the workbench's busybox one. */
  initrd?: string;
  /** Where downloads and builds are kept (default: the user's cache folder). */
  cacheDir?: string;
  /** Debian's package to take the kernel from (default: what linux-image-amd64 depends on). */
  kernelPackage?: string;
  busybox?: string;
  onProgress?: (message: string) => void;
}

/** `$FSW_QEMU_CACHE`, else `$XDG_CACHE_HOME/fastswitch-workbench/qemu` (~/.cache/…). */
export function defaultQemuCacheDir(env: Record<string, string | undefined> = process.env, home = homedir()): string {
  if (env.FSW_QEMU_CACHE) return env.FSW_QEMU_CACHE;
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'fastswitch-workbench', 'qemu');
}

/** Runs a program; resolves with its stdout, rejects with its stderr in the message. */
function run(command: string, args: string[], options: { cwd?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => reject(new Error(`${command}: ${e.message}`)));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${err.trim().split('\n').slice(-3).join(' / ')}`))));
  });
}

/** The kernel package Debian's `linux-image-amd64` points at now (e.g. linux-image-6.1.0-56-amd64). */
async function currentKernelPackage(): Promise<string> {
  const depends = await run('apt-cache', ['depends', 'linux-image-amd64']);
  const name = /Depends:\s+(linux-image-\d[^\s]*-amd64)\b/.exec(depends)?.[1];
  if (!name) throw new Error('apt-cache names no kernel behind linux-image-amd64');
  return name;
}

/** Extracts ./boot/vmlinuz-* from a .deb into `dir` (dpkg-deb's tar stream through tar). */
function extractKernel(deb: string, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const dpkg = spawn('dpkg-deb', ['--fsys-tarfile', deb], { stdio: ['ignore', 'pipe', 'pipe'] });
    const tar = spawn('tar', ['-x', '-C', dir, '--wildcards', './boot/vmlinuz-*'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    dpkg.stderr.on('data', (d: Buffer) => (err += d.toString()));
    tar.stderr.on('data', (d: Buffer) => (err += d.toString()));
    dpkg.stdout.pipe(tar.stdin);
    dpkg.on('error', reject);
    tar.on('error', reject);
    tar.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`unpacking ${deb}: ${err.trim() || `tar exited with ${code}`}`))));
  });
}

async function cachedKernels(dir: string): Promise<string[]> {
  const names = await readdir(join(dir, 'kernels')).catch(() => [] as string[]);
  return names.filter((n) => n.startsWith('vmlinuz-')).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/**
 * Debian's amd64 kernel, fetched once with `apt-get download` and unpacked
 * with `dpkg-deb`; later runs use the cached image. Offline, the newest
 * cached kernel is used; with none cached, the error says what to do.
 */
async function debianKernel(cacheDir: string, pkg: string | undefined, progress: (m: string) => void): Promise<{ path: string; release: string; origin: string }> {
  const kernels = join(cacheDir, 'kernels');
  await mkdir(kernels, { recursive: true });
  let name: string;
  try {
    name = pkg ?? (await currentKernelPackage());
  } catch (error) {
    const newest = (await cachedKernels(cacheDir)).at(-1);
    if (newest) return { path: join(kernels, newest), release: newest.slice('vmlinuz-'.length), origin: `Debian kernel ${newest.slice(8)} (cached; apt-cache failed: ${(error as Error).message})` };
    throw new WorkbenchError('device', `No kernel for the QEMU target: ${(error as Error).message}. Install Debian's apt tools, or give one with --kernel.`, 'qemu.kernel');
  }
  const release = name.replace(/^linux-image-/, '');
  const image = join(kernels, `vmlinuz-${release}`);
  if (existsSync(image)) return { path: image, release, origin: `Debian package ${name} (cached)` };
  const work = join(cacheDir, `download-${process.pid}-${Date.now()}`);
  await mkdir(work, { recursive: true });
  try {
    progress(`downloading ${name} with apt-get`);
    await run('apt-get', ['download', name], { cwd: work });
    const deb = (await readdir(work)).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${name} left no .deb`);
    progress(`unpacking ${deb}`);
    await extractKernel(join(work, deb), work);
    const found = (await readdir(join(work, 'boot'))).find((f) => f.startsWith('vmlinuz-'));
    if (!found) throw new Error(`${deb} holds no boot/vmlinuz-*`);
    // Rename is atomic: two workbenches preparing at once both end with one whole image.
    await rename(join(work, 'boot', found), image);
    return { path: image, release, origin: `Debian package ${name}` };
  } catch (error) {
    const newest = (await cachedKernels(cacheDir)).at(-1);
    if (newest) return { path: join(kernels, newest), release: newest.slice('vmlinuz-'.length), origin: `Debian kernel ${newest.slice(8)} (cached; ${name} could not be fetched)` };
    throw new WorkbenchError('device', `Could not fetch Debian's kernel ${name}: ${(error as Error).message}. Check the apt sources, or give a kernel with --kernel.`, 'qemu.kernel');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * The busybox initramfs, built by resources/qemu/build-initramfs.sh and kept
 * under a name derived from its inputs (init, build script, busybox), so a
 * change to any of them builds a new one.
 */
async function workbenchInitramfs(cacheDir: string, busybox: string, progress: (m: string) => void): Promise<string> {
  const dir = resourcesDir('qemu', 'build-initramfs.sh');
  const script = join(dir, 'build-initramfs.sh');
  let busyboxStat;
  try {
    busyboxStat = await stat(busybox);
  } catch {
    throw new WorkbenchError('device', `${busybox} is missing: the QEMU target builds its initramfs from Debian's busybox-static (apt-get install busybox-static)`, 'qemu.initrd');
  }
  const hash = createHash('sha256')
    .update(await readFile(join(dir, 'init')))
    .update(await readFile(script))
    .update(`${busybox}:${busyboxStat.size}:${busyboxStat.mtimeMs}`)
    .digest('hex')
    .slice(0, 16);
  const out = join(cacheDir, `initramfs-${hash}.cpio.gz`);
  if (existsSync(out)) return out;
  await mkdir(cacheDir, { recursive: true });
  progress('building the initramfs from busybox-static');
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    await run('sh', [script, tmp, busybox]);
  } catch (error) {
    throw new WorkbenchError('device', `Building the initramfs failed: ${(error as Error).message}`, 'qemu.initrd');
  }
  await rename(tmp, out);
  return out;
}

/** Kernel and initramfs for the QEMU target: the user's, or Debian's kernel and the workbench's initramfs. */
export async function prepareBootImages(options: BootImageOptions = {}): Promise<BootImages> {
  const cacheDir = options.cacheDir ?? defaultQemuCacheDir();
  const progress = options.onProgress ?? (() => undefined);
  for (const [flag, path] of [['--kernel', options.kernel], ['--initrd', options.initrd]] as const) {
    if (path && !existsSync(path)) throw new WorkbenchError('not-found', `${flag} ${path}: no such file`, `qemu.${flag.slice(2)}`);
  }
  const kernel = options.kernel ? { path: options.kernel, release: null, origin: `kernel ${options.kernel}` } : await debianKernel(cacheDir, options.kernelPackage, progress);
  const initrd = options.initrd ?? (await workbenchInitramfs(cacheDir, options.busybox ?? '/bin/busybox', progress));
  return { kernel: kernel.path, initrd, kernelRelease: kernel.release, origin: kernel.origin };
}
