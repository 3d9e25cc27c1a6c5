import { posix } from 'node:path';
import type { Errno, FileStat } from '../device-backend';
import type { CommandContext, ShellCommand } from './command-context';
import { SHELL_NAME } from './command-context';
import { bytesToText, fromUnicode } from './byte-string';
import { strerror } from './errno-text';

/** /proc/kmsg never ends: reading it blocks for the next line until the reader goes away. */
function streamKmsg(context: CommandContext): Promise<number> {
  return new Promise((resolve) => {
    if (context.signal.aborted) return resolve(0);
    const unsubscribe = context.backend.subscribeKmsg((text) => context.stdout(fromUnicode(text)));
    context.signal.addEventListener(
      'abort',
      () => {
        unsubscribe();
        resolve(0);
      },
      { once: true },
    );
  });
}

/** Errnos open(2) gives; any other failure comes from read(2). Root opens whatever its mode bits say. */
const openErrors: ReadonlySet<Errno> = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'ENODEV']);

/** toolbox cat (NetBSD's): a file it cannot open gets perror(path), no program name. */
export const cat: ShellCommand = async (context) => {
  const files = context.args.filter((arg) => !/^-[beflnstv]+$/.test(arg));
  if (files.length === 0) {
    if (context.stdin !== undefined) context.stdout(context.stdin);
    return 0;
  }
  let status = 0;
  for (const file of files) {
    const path = context.resolve(file);
    if (path === '/proc/kmsg') {
      await streamKmsg(context);
      continue;
    }
    const read = context.backend.files.read(path);
    if (read.ok) {
      context.stdout(bytesToText(read.value));
    } else if (openErrors.has(read.errno)) {
      context.stderr(`${file}: ${strerror(read.errno)}\n`);
      status = 1;
    } else {
      // open(2) worked and read(2) failed (a directory, a write-only debugfs file, a busy
      // attribute): toolbox cat has only this for it.
      context.stderr(`${file}: invalid length\n`);
      status = 1;
    }
  }
  return status;
};

function modeString(stat: FileStat): string {
  const type = stat.type === 'dir' ? 'd' : stat.type === 'link' ? 'l' : '-';
  const bits = 'rwxrwxrwx'
    .split('')
    .map((letter, i) => (stat.mode & (1 << (8 - i)) ? letter : '-'))
    .join('');
  return type + bits;
}

function dateString(seconds: number): string {
  const d = new Date(seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** One line of toolbox `ls -l`: mode, owner, group, size (blank for directories), date, name. */
function longLine(stat: FileStat, name: string): string {
  const size = stat.type === 'dir' ? ''.padStart(8) : String(stat.size).padStart(8);
  return `${modeString(stat)} ${'root'.padEnd(8)} ${'root'.padEnd(8)} ${size} ${dateString(stat.mtimeS)} ${name}\n`;
}

export const ls: ShellCommand = (context) => {
  const flags = context.args.filter((arg) => arg.startsWith('-') && arg.length > 1).join('');
  const long = flags.includes('l');
  const all = flags.includes('a');
  const operands = context.args.filter((arg) => !(arg.startsWith('-') && arg.length > 1));
  const targets = operands.length > 0 ? operands : ['.'];
  let status = 0;
  for (const target of targets) {
    const path = context.resolve(target);
    const stat = context.backend.files.stat(path);
    if (!stat.ok) {
      context.stderr(`${target}: ${strerror(stat.errno)}\n`);
      status = 1;
      continue;
    }
    if (stat.value.type !== 'dir' || flags.includes('d')) {
      context.stdout(long ? longLine(stat.value, target) : `${target}\n`);
      continue;
    }
    const names = context.backend.files.list(path);
    if (!names.ok) {
      context.stderr(`${target}: ${strerror(names.errno)}\n`);
      status = 1;
      continue;
    }
    if (targets.length > 1) context.stdout(`${target}:\n`);
    for (const name of [...names.value].sort()) {
      if (!all && name.startsWith('.')) continue;
      if (!long) {
        context.stdout(`${name}\n`);
        continue;
      }
      const entry = context.backend.files.stat(posix.join(path, name));
      if (entry.ok) context.stdout(longLine(entry.value, name));
    }
  }
  return status;
};

/** mksh's cd: a bad directory is reported with the shell's name, as builtins are. */
export const cd: ShellCommand = (context) => {
  const target = context.args[0] ?? '/';
  const path = context.resolve(target);
  const stat = context.backend.files.stat(path);
  if (!stat.ok || stat.value.type !== 'dir') {
    context.stderr(`${SHELL_NAME}: cd: ${target} - ${stat.ok ? strerror('ENOTDIR') : strerror(stat.errno)}\n`);
    return 1;
  }
  context.setCwd(path);
  return 0;
};

export const pwd: ShellCommand = (context) => {
  context.stdout(`${context.cwd}\n`);
  return 0;
};
