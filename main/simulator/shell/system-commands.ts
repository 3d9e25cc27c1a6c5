import type { ShellCommand } from './command-context';
import { SHELL_NAME } from './command-context';
import { echoText } from './echo';
import { bytesToText, fromUnicode } from './byte-string';
import { strerror } from './errno-text';

export const echo: ShellCommand = (context) => {
  context.stdout(echoText(context.args));
  return 0;
};

/** toolbox getprop: every property as `[key]: [value]`, sorted; or one value (empty line when unset). */
export const getprop: ShellCommand = (context) => {
  const properties = context.backend.properties();
  const [name, fallback] = context.args;
  if (name !== undefined) {
    context.stdout(fromUnicode(`${properties[name] ?? fallback ?? ''}\n`));
    return 0;
  }
  for (const key of Object.keys(properties).sort()) context.stdout(fromUnicode(`[${key}]: [${properties[key]}]\n`));
  return 0;
};

function readText(context: Parameters<ShellCommand>[0], path: string): string | undefined {
  const read = context.backend.files.read(path);
  return read.ok ? bytesToText(read.value).trim() : undefined;
}

/** toolbox uname: sysname, nodename, release, version, machine, from the kernel's own files. */
export const uname: ShellCommand = (context) => {
  const fields = {
    s: 'Linux',
    n: readText(context, '/proc/sys/kernel/hostname') ?? 'localhost',
    r: readText(context, '/proc/sys/kernel/osrelease') ?? 'unknown',
    v: readText(context, '/proc/sys/kernel/version') ?? 'unknown',
    m: 'armv7l',
  };
  const flags = context.args.join('').replace(/-/g, '');
  const wanted = flags.includes('a') ? 'snrvm' : flags || 's';
  const unknown = [...wanted].find((flag) => !(flag in fields));
  if (unknown) {
    context.stderr(`uname: invalid option -- '${unknown}'\n`);
    return 1;
  }
  context.stdout(`${[...'snrvm'].filter((flag) => wanted.includes(flag)).map((flag) => fields[flag as keyof typeof fields]).join(' ')}\n`);
  return 0;
};

export const dmesg: ShellCommand = (context) => {
  context.stdout(fromUnicode(context.backend.dmesg()));
  return 0;
};

/** toolbox id; init starts the console's shell with `user shell`, `group log` (its gid). */
export const id: ShellCommand = (context) => {
  context.stdout(context.user === 'root' ? 'uid=0(root) gid=0(root)\n' : 'uid=2000(shell) gid=1007(log)\n');
  return 0;
};

/** su of a rooted phone: `su -c CMD` runs CMD as root, plain `su` makes the session root. */
export const su: ShellCommand = async (context) => {
  const args = context.args;
  const c = args.indexOf('-c');
  if (c < 0) {
    context.setUser('root');
    return 0;
  }
  const line = args.slice(c + 1).join(' ');
  if (!line) {
    context.stderr('su: option requires an argument -- c\n');
    return 1;
  }
  return context.runLine(line);
};

/** toolbox sleep: whole seconds through atoi(), so `sleep 0.5` does not sleep at all, as on the phone. */
export const sleep: ShellCommand = async (context) => {
  if (context.args.length !== 1) {
    context.stderr('sleep <seconds>\n');
    return 1;
  }
  const parsed = parseInt(context.args[0]!, 10);
  const seconds = Number.isNaN(parsed) ? 0 : parsed;
  if (seconds > 0) await context.sleep(seconds * 1000);
  return 0;
};

/** `sh -c LINE` or `sh FILE`: runs in this shell's process image, like mksh does for a script. */
export const sh: ShellCommand = async (context) => {
  const [first, ...rest] = context.args;
  if (first === '-c') return context.runLine(rest.join(' '));
  if (first === undefined) return 0;
  const read = context.backend.files.read(context.resolve(first));
  if (!read.ok) {
    context.stderr(`${SHELL_NAME}: ${first}: ${strerror(read.errno)}\n`);
    return 127;
  }
  return context.runLine(bytesToText(read.value));
};

/** nohup: the command keeps running after the session that started it hangs up. */
export const nohup: ShellCommand = (context) => {
  if (context.args.length === 0) {
    context.stderr('Usage: nohup <command> [args...]\n');
    return 127;
  }
  return context.runDetached(context.args);
};

export const trueCommand: ShellCommand = () => 0;
export const falseCommand: ShellCommand = () => 1;
