import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { WorkbenchError } from '../../../common/api/errors';
import { Adb, type AdbClient } from './adbkit';

const run = promisify(execFile);

/** Where the adb server is: this machine's (started when needed), or a lab host's (never started by us). */
export interface AdbServerSpec {
  host: string;
  port: number;
  remote: boolean;
  /** The adb program used to start a local server. */
  bin: string;
}

export const DEFAULT_ADB_PORT = 5037;

/** `undefined` → this machine's server on 5037; `HOST:PORT` → a remote lab host's server. */
export function parseAdbServer(spec?: string, options: { port?: number; bin?: string } = {}): AdbServerSpec {
  const bin = options.bin ?? 'adb';
  if (spec === undefined || spec === '') return { host: '127.0.0.1', port: options.port ?? DEFAULT_ADB_PORT, remote: false, bin };
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(spec.trim());
  const port = Number(m?.[2]);
  if (!m || port < 1 || port > 65_535) throw new WorkbenchError('bad-request', `'${spec}' is not an adb server address HOST:PORT (e.g. lab-host:5037)`, 'adb-host');
  return { host: (m[1] ?? '').replace(/^\[|\]$/g, ''), port, remote: true, bin };
}

export interface AdbServer {
  readonly spec: AdbServerSpec;
  readonly client: AdbClient;
  /** The server's protocol version (41 for adb 1.0.41). */
  readonly version: number;
  readonly label: string;
}

/** Finds an executable on PATH (or checks a given path). */
export function findProgram(bin: string, path = process.env.PATH ?? ''): string | null {
  const candidates = bin.includes('/') ? [bin] : path.split(delimiter).filter(Boolean).map((dir) => join(dir, bin));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function listening(host: string, port: number, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** `adb version` → 41 for "Android Debug Bridge version 1.0.41". */
export async function localAdbVersion(bin: string): Promise<number | null> {
  try {
    const { stdout } = await run(bin, ['version'], { timeout: 10_000 });
    const m = /Android Debug Bridge version 1\.0\.(\d+)/.exec(stdout);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Two adb versions on one machine kill each other's server on every command: say so before that starts. */
export function versionMismatch(server: number, program: number | null, spec: AdbServerSpec): WorkbenchError | null {
  if (spec.remote || program === null || program === server) return null;
  return new WorkbenchError(
    'unsupported',
    `The adb server on port ${spec.port} is version ${server} but ${spec.bin} is version ${program}: the two restart each other's server and drop the phone. Stop the other adb (Android Studio's, an SDK's) or use the same adb everywhere, then connect again.`,
    `${spec.host}:${spec.port}`,
  );
}

/**
 * Connects to the adb server, starting this machine's when it is not
 * running and adb is installed; a remote server is only ever used.
 */
export async function openAdbServer(spec: AdbServerSpec): Promise<AdbServer> {
  const where = `${spec.host}:${spec.port}`;
  if (!(await listening(spec.host, spec.port))) {
    if (spec.remote) {
      throw new WorkbenchError('not-connected', `No adb server answers at ${where}. On the lab host run: adb -a -P ${spec.port} nodaemon server (and let the port through its firewall).`, where);
    }
    const program = findProgram(spec.bin);
    if (!program) {
      throw new WorkbenchError('not-found', `adb is not installed (no '${spec.bin}' on PATH): install it (Debian/Ubuntu: sudo apt install adb; or Android platform-tools on PATH), or connect to a lab host's adb server HOST:PORT.`, 'adb');
    }
    try {
      await run(program, ['-P', String(spec.port), 'start-server'], { timeout: 30_000 });
    } catch (error) {
      const text = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
      const busy = /address already in use|cannot bind|could not install smartsocket/i.test(text);
      throw new WorkbenchError(busy ? 'busy' : 'device', busy ? `Port ${spec.port} is taken by another program, so the adb server cannot start there: free it or choose another port. (${text})` : `Starting the adb server on port ${spec.port} failed: ${text}`, where);
    }
  }
  // adbkit would start a server itself on a refused connection: it never does here (a lab host's would start locally).
  const client = Adb.createClient({ host: spec.host, port: spec.port, bin: '/nonexistent/adb-started-by-the-workbench-only' });
  let version: number;
  try {
    version = await client.version();
  } catch (error) {
    throw new WorkbenchError('not-connected', `The program at ${where} does not answer as an adb server: ${(error as Error).message}`, where);
  }
  if (!spec.remote) {
    const mismatch = versionMismatch(version, await localAdbVersion(findProgram(spec.bin) ?? spec.bin), spec);
    if (mismatch) throw mismatch;
  }
  return { spec, client, version, label: spec.remote ? `adb server at ${where}` : `local adb server (port ${spec.port})` };
}

/** Stops a local server the workbench (or a test) started. */
export async function killAdbServer(spec: AdbServerSpec): Promise<void> {
  if (spec.remote) return;
  const program = findProgram(spec.bin);
  if (program) await run(program, ['-P', String(spec.port), 'kill-server'], { timeout: 10_000 }).catch(() => undefined);
}
