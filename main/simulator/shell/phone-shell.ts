import { posix } from 'node:path';
import type { SimDeviceBackend } from '../device-backend';
import { bytesToText, fromUnicode } from './byte-string';
import type { CommandContext, ShellCommand, ShellUser } from './command-context';
import { SHELL_NAME } from './command-context';
import { cat, cd, ls, pwd } from './file-commands';
import { expandGlob, type Piece } from './glob';
import { cannotOpen, checkCreate, flushSink, type FileSink } from './redirect';
import { dmesg, echo, falseCommand, getprop, id, nohup, sh, sleep, su, trueCommand, uname } from './system-commands';
import { parse, type AndOr, type Pipeline, type SimpleCommand, type Word } from './syntax';
import { testCommand } from './test-command';

const commands: Record<string, ShellCommand> = {
  '[': testCommand(true),
  cat,
  cd,
  dmesg,
  echo,
  false: falseCommand,
  getprop,
  id,
  ls,
  nohup,
  pwd,
  sh,
  sleep,
  su,
  test: testCommand(false),
  true: trueCommand,
  uname,
};

/** Directories whose binaries the shell knows by their base name. */
const binDirs = ['/system/bin/', '/system/xbin/', '/sbin/'];

export interface PhoneShellOptions {
  backend: SimDeviceBackend;
  /** How `sleep` waits; wall-clock by default. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Lifetime of commands started with nohup (they outlive the session, not the simulator). */
  lifetime?: AbortSignal;
  /** root for adbd's shell on this rooted build (the default); `shell` for the UART console (init runs it as user shell). */
  user?: ShellUser;
}

/** Where a command's output goes: the terminal (a pty: stdout and stderr share it). */
export type Terminal = (text: string) => void;

class ExitRequest {
  constructor(readonly status: number) {}
}

function wallClockSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * The simulated phone's /system/bin/sh (mksh R39 with toolbox): one
 * instance per session, keeping the working directory, variables and `$?`.
 */
export class PhoneShell {
  status = 0;
  cwd = '/';
  /** Set once `exit` ran: the session should end with this status. */
  exitStatus: number | undefined;
  private readonly vars = new Map<string, string>([
    ['HOME', '/data'],
    ['HOSTNAME', 'android'],
    ['USER', 'root'],
    ['SHELL', SHELL_NAME],
    ['PATH', '/sbin:/vendor/bin:/system/sbin:/system/bin:/system/xbin'],
    ['TERM', 'vt100'],
  ]);

  private user: ShellUser;

  constructor(private readonly options: PhoneShellOptions) {
    this.user = options.user ?? 'root';
    this.vars.set('USER', this.user);
  }

  /** PS1 of Android's mkshrc: `$(precmd)$USER@$HOSTNAME:${PWD:-?} # ` (`$` when not root), precmd printing a failed status. */
  prompt(): string {
    const failed = this.status !== 0 ? `${this.status}|` : '';
    return `${failed}${this.vars.get('USER')}@${this.vars.get('HOSTNAME')}:${this.cwd} ${this.user === 'root' ? '#' : '$'} `;
  }

  /** Whether `line` is complete, or needs another line (an open quote). */
  needsMore(line: string): boolean {
    const result = parse(line);
    return !result.ok && result.incomplete;
  }

  /** Runs one command line; resolves to its status. */
  async run(line: string, terminal: Terminal, signal: AbortSignal): Promise<number> {
    const parsed = parse(line);
    if (!parsed.ok) {
      terminal(`${SHELL_NAME}: syntax error: ${parsed.message}\n`);
      this.status = 1;
      return 1;
    }
    try {
      for (const andOr of parsed.list) {
        if (signal.aborted) break;
        if (andOr.background) {
          // A background job dies with the session (SIGHUP) unless started with nohup.
          void this.runAndOr(andOr, terminal, signal).catch(() => undefined);
          this.status = 0;
        } else {
          this.status = await this.runAndOr(andOr, terminal, signal);
        }
      }
    } catch (error) {
      if (!(error instanceof ExitRequest)) throw error;
      this.status = error.status;
      this.exitStatus = error.status;
    }
    return this.status;
  }

  private async runAndOr(andOr: AndOr, terminal: Terminal, signal: AbortSignal): Promise<number> {
    let status = await this.runPipeline(andOr.first, terminal, signal);
    for (const { op, pipeline } of andOr.rest) {
      if (signal.aborted) break;
      if ((op === '&&' && status !== 0) || (op === '||' && status === 0)) continue;
      this.status = status;
      status = await this.runPipeline(pipeline, terminal, signal);
    }
    return status;
  }

  /** Pipes run one after the other, each reading what the previous one printed. */
  private async runPipeline(pipeline: Pipeline, terminal: Terminal, signal: AbortSignal): Promise<number> {
    let stdin: string | undefined;
    let status = 0;
    for (let i = 0; i < pipeline.length; i += 1) {
      const last = i === pipeline.length - 1;
      const captured: string[] = [];
      const out: Terminal = last ? terminal : (text) => captured.push(text);
      status = await this.runCommand(pipeline[i]!, { stdout: out, stderr: terminal }, stdin, signal);
      stdin = captured.join('');
    }
    return status;
  }

  private pieces(word: Word): Piece[] {
    return word.map((part) => {
      if (part.kind === 'glob') return { text: part.text, glob: true };
      if (part.kind === 'text') return { text: part.text, glob: false };
      if (part.name === '?') return { text: String(this.status), glob: false };
      if (part.name === '$') return { text: '1', glob: false };
      if (part.name === '#') return { text: '0', glob: false };
      return { text: this.vars.get(part.name) ?? '', glob: false };
    });
  }

  /** A word as one string, patterns left as they are (redirection targets). */
  private expand(word: Word): string {
    return this.pieces(word)
      .map((piece) => piece.text)
      .join('');
  }

  /** A word as arguments: file name patterns become the paths they match. */
  private expandArguments(word: Word): string[] {
    return expandGlob(this.options.backend, this.cwd, this.pieces(word));
  }

  private resolve(path: string): string {
    return posix.resolve(this.cwd, path);
  }

  private async runCommand(command: SimpleCommand, terminal: { stdout: Terminal; stderr: Terminal }, pipedIn: string | undefined, signal: AbortSignal): Promise<number> {
    const argv = command.words.flatMap((word) => this.expandArguments(word));
    while (argv.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0]!)) {
      const assignment = argv.shift()!;
      const eq = assignment.indexOf('=');
      this.vars.set(assignment.slice(0, eq), assignment.slice(eq + 1));
    }

    let stdout = terminal.stdout;
    let stderr = terminal.stderr;
    let stdin = pipedIn;
    const sinks: Array<{ sink: FileSink; shown: string }> = [];
    for (const redirect of command.redirects) {
      const shown = this.expand(redirect.target);
      if (redirect.op === '>&') {
        if (shown === '1') stderr = redirect.fd === 2 ? stdout : stderr;
        else if (shown === '2') stdout = redirect.fd === 1 ? stderr : stdout;
        continue;
      }
      const path = this.resolve(shown);
      if (redirect.op === '<') {
        const read = this.options.backend.files.read(path);
        if (!read.ok) {
          terminal.stderr(cannotOpen(shown, read.errno));
          return 1;
        }
        stdin = bytesToText(read.value);
        continue;
      }
      const problem = checkCreate(this.options.backend, path, shown);
      if (problem) {
        terminal.stderr(problem);
        return 1;
      }
      const sink: FileSink = { path, append: redirect.op === '>>', chunks: [] };
      sinks.push({ sink, shown });
      const collect: Terminal = (text) => sink.chunks.push(text);
      if (redirect.fd === 2) stderr = collect;
      else stdout = collect;
    }

    let status = argv.length === 0 ? 0 : await this.execute(argv, { stdout, stderr }, stdin, signal);
    for (const { sink, shown } of sinks) {
      const result = flushSink(this.options.backend, sink, shown);
      if (result.message) terminal.stderr(result.message);
      if (result.failed && status === 0) status = 1;
    }
    return status;
  }

  private async execute(argv: string[], io: { stdout: Terminal; stderr: Terminal }, stdin: string | undefined, signal: AbortSignal): Promise<number> {
    const [given, ...args] = argv as [string, ...string[]];
    if (given === 'exit') {
      throw new ExitRequest(args[0] !== undefined ? Number(args[0]) & 0xff : this.status);
    }
    const dir = binDirs.find((prefix) => given.startsWith(prefix));
    const name = dir ? given.slice(dir.length) : given;
    const command = commands[name];
    if (command) return command(this.context(args, io, stdin, signal));

    const tool = name.includes('/') ? undefined : this.options.backend.runTool(name, args);
    if (tool) {
      io.stdout(fromUnicode(tool.stdout));
      io.stderr(fromUnicode(tool.stderr));
      return tool.code;
    }
    if (given.includes('/')) return this.runScriptFile(given, args, io, stdin, signal);
    io.stderr(`${SHELL_NAME}: ${given}: not found\n`);
    return 127;
  }

  /** A path to a file: a script is run if it is executable, as the kernel would exec it through sh. */
  private async runScriptFile(given: string, args: string[], io: { stdout: Terminal; stderr: Terminal }, stdin: string | undefined, signal: AbortSignal): Promise<number> {
    const path = this.resolve(given);
    const stat = this.options.backend.files.stat(path);
    if (!stat.ok) {
      io.stderr(`${SHELL_NAME}: ${given}: not found\n`);
      return 127;
    }
    if (stat.value.type === 'dir' || (stat.value.mode & 0o111) === 0) {
      io.stderr(`${SHELL_NAME}: ${given}: cannot execute - ${stat.value.type === 'dir' ? 'Is a directory' : 'Permission denied'}\n`);
      return 126;
    }
    return sh(this.context([given, ...args], io, stdin, signal));
  }

  private context(args: string[], io: { stdout: Terminal; stderr: Terminal }, stdin: string | undefined, signal: AbortSignal): CommandContext {
    const sleepFor = this.options.sleep ?? wallClockSleep;
    return {
      backend: this.options.backend,
      args,
      stdout: (text) => {
        if (!signal.aborted) io.stdout(text);
      },
      stderr: (text) => {
        if (!signal.aborted) io.stderr(text);
      },
      stdin,
      signal,
      cwd: this.cwd,
      user: this.user,
      setUser: (user) => {
        this.user = user;
        this.vars.set('USER', user);
      },
      resolve: (path) => this.resolve(path),
      setCwd: (path) => {
        this.cwd = path;
      },
      sleep: (ms) => sleepFor(ms, signal),
      runLine: (line) => this.run(line, io.stdout, signal),
      runDetached: (argv) => {
        const lifetime = this.options.lifetime ?? new AbortController().signal;
        // Output still reaches the terminal while the session lasts; after that it is lost.
        const out: Terminal = (text) => {
          if (!signal.aborted) io.stdout(text);
        };
        return this.execute(argv, { stdout: out, stderr: out }, stdin, lifetime);
      },
    };
  }
}
