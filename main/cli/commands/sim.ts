import { intFlag, parseCommandArgs, UsageError, type CliCommand, type CliIo } from '../command';
import { createSimBackend, type SimBackendOptions } from '../../simulator/create-backend';
import type { SimDeviceBackend } from '../../simulator/device-backend';
import { startSimServer } from '../../simulator/sim-server';
import { SimulatedPhone } from '../../simulator/simulated-phone';
import { attachConsoleShell, type ConsolePort } from '../../simulator/shell/console-shell';
import { PhoneShell } from '../../simulator/shell/phone-shell';

const usage = `Usage: fsw sim [--adb-port 5555] [--console-port 5554] [--seed N] [--speed realtime|fast] [--profile PATH] [--host ADDR]

Runs the simulated Galaxy Nexus as a fake phone on loopback: its adbd (reach
it with \`adb connect\`) and its UART console (a raw TCP port). Runs until Ctrl-C.`;

export interface SimArgs {
  adbPort: number;
  consolePort: number;
  host: string;
  backend: SimBackendOptions;
}

function port(flag: string, value: string | undefined, fallback: number): number {
  const n = intFlag('sim', flag, value, fallback);
  if (n > 65535) throw new UsageError(`fsw sim: --${flag} must be a TCP port (0–65535), got ${n}`);
  return n;
}

export function parseSimArgs(argv: string[]): SimArgs {
  const { values, positionals } = parseCommandArgs(
    'sim',
    argv,
    {
      'adb-port': { type: 'string' },
      'console-port': { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      profile: { type: 'string' },
      host: { type: 'string' },
    },
    true,
  );
  if (positionals.length > 0) throw new UsageError(`fsw sim: unexpected argument '${positionals[0]}'`);
  const speed = values.speed ?? 'realtime';
  if (speed !== 'realtime' && speed !== 'fast') throw new UsageError(`fsw sim: --speed expects realtime or fast, got '${speed}'`);
  return {
    adbPort: port('adb-port', values['adb-port'], 5555),
    consolePort: port('console-port', values['console-port'], 5554),
    host: values.host ?? '127.0.0.1',
    backend: { seed: intFlag('sim', 'seed', values.seed, 1), speed, profilePath: values.profile },
  };
}

export interface SimDeps {
  createBackend: (options: SimBackendOptions) => SimDeviceBackend;
  /** Resolves when the simulator should stop (Ctrl-C). */
  untilStopped: () => Promise<void>;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function connectHelp(host: string, adbPort: number, consolePort: number): string {
  const scanned = adbPort >= 5555 && adbPort <= 5585 && adbPort % 2 === 1;
  return [
    `  adb:      adb connect ${host}:${adbPort}`,
    `            adb -s ${host}:${adbPort} shell`,
    ...(scanned ? [`            (the adb server also finds this port on its own and may list it as emulator-${adbPort - 1})`] : []),
    `  console:  nc ${host} ${consolePort}`,
    `            socat -,raw,echo=0 TCP:${host}:${consolePort}          (type to the kernel's console)`,
    `            socat pty,raw,echo=0,link=/tmp/fsw-uart TCP:${host}:${consolePort}   (a serial device at /tmp/fsw-uart)`,
  ].join('\n');
}

/** Virtual milliseconds a standalone fast simulator runs per wall-clock millisecond. */
const FAST_MS_PER_TICK = 1000;

/** Starts the simulator's wires, prints how to reach them, runs until stopped. */
export async function runSim(args: SimArgs, io: CliIo, deps: SimDeps): Promise<number> {
  const backend = deps.createBackend(args.backend);
  const server = await startSimServer({
    backend,
    adbPort: args.adbPort,
    consolePort: args.consolePort,
    host: args.host,
    pacing: args.backend.speed === 'fast' ? 'fast' : 'realtime',
    onProblem: (message) => io.err(message),
  });
  const props = backend.properties();
  io.out(
    [
      `Simulated ${props['ro.product.model'] ?? 'phone'} (Android ${props['ro.build.version.release'] ?? '?'}), seed ${args.backend.seed}, speed ${args.backend.speed}`,
      connectHelp(server.host, server.adbPort, server.consolePort),
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
  // Nobody steps a standalone phone's clock: in fast mode it runs a thousand times faster than the wall clock.
  const driver = args.backend.speed === 'fast' && backend instanceof SimulatedPhone ? setInterval(() => backend.runUntilSync(() => false, FAST_MS_PER_TICK), 1) : null;
  // Typing on the UART reaches a shell, as on the phone's debug console.
  const lifetime = new AbortController();
  const detachShell = backend.console.onInput && backend.console.write ? attachConsoleShell(backend.console as ConsolePort, () => new PhoneShell({ backend, lifetime: lifetime.signal }), lifetime.signal) : null;
  await deps.untilStopped();
  lifetime.abort();
  detachShell?.();
  if (driver) clearInterval(driver);
  await server.close();
  if (backend instanceof SimulatedPhone) backend.close();
  io.out('Simulator stopped.');
  return 0;
}

export const simCommand: CliCommand = {
  name: 'sim',
  summary: 'run the simulated Galaxy Nexus on loopback (adbd and UART console)',
  usage,
  run: (argv, io) => runSim(parseSimArgs(argv), io, { createBackend: createSimBackend, untilStopped: untilSignal }),
};
