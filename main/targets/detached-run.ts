import { controlWriteCommand, shellQuote } from './shell-command';

/**
 * A detached run: the script's control writes as a shell script on the
 * phone, started with nohup so it outlives the adb session, the cable
 * pulled, timing read from the UART, and the logs pulled back when USB
 * returns (what pm-graph does on Android).
 */

export type DetachedStep =
  | { kind: 'write'; path: string; text: string; line?: number }
  | { kind: 'sleep'; ms: number }
  | { kind: 'mark'; label: string };

export interface DetachedRunPlan {
  id: string;
  /** Where the script goes on the phone. */
  scriptPath: string;
  /** Where its own output (failed writes) goes. */
  outputPath: string;
  script: string;
  /** The line that starts it, sent through `adb shell`. */
  startCommand: string;
}

export interface DetachedRunOptions {
  id: string;
  dir?: string;
  /** Time left to pull the cable before the first step, ms. */
  unplugDelayMs?: number;
}

const seconds = (ms: number) => (ms / 1000).toFixed(3).replace(/\.?0+$/, '') || '0';

/** Prints a line into the kernel log, so UART timing can be matched with the script's steps. */
const kernelMark = (text: string) => `echo ${shellQuote(`fsw-detached: ${text}`)} > /dev/kmsg`;

export function planDetachedRun(steps: readonly DetachedStep[], options: DetachedRunOptions): DetachedRunPlan {
  if (!/^[A-Za-z0-9_-]+$/.test(options.id)) throw new Error(`detached run id '${options.id}' must be letters, digits, - and _`);
  const dir = options.dir ?? '/data/local/tmp';
  const scriptPath = `${dir}/fsw-detached-${options.id}.sh`;
  const outputPath = `${dir}/fsw-detached-${options.id}.out`;
  const lines = ['#!/system/bin/sh', `# Fastswitch Workbench detached run ${options.id}: runs with the USB cable pulled; timing comes over the UART.`];
  lines.push(`sleep ${seconds(options.unplugDelayMs ?? 10_000)}`);
  lines.push(kernelMark(`start ${options.id}`));
  steps.forEach((step, i) => {
    const n = i + 1;
    if (step.kind === 'sleep') lines.push(`sleep ${seconds(step.ms)}`);
    else if (step.kind === 'mark') lines.push(kernelMark(`mark ${step.label}`));
    else {
      const where = step.line === undefined ? `step ${n}` : `line ${step.line}`;
      lines.push(`${controlWriteCommand(step.path, step.text)} || echo ${shellQuote(`${where}: writing '${step.text}' to ${step.path} failed`)}`);
    }
  });
  lines.push(kernelMark(`done ${options.id}`));
  const script = `${lines.join('\n')}\n`;
  const startCommand = `nohup sh ${shellQuote(scriptPath)} > ${shellQuote(outputPath)} 2>&1 &`;
  return { id: options.id, scriptPath, outputPath, script, startCommand };
}

/** What is pulled back when USB returns, and the command that reads each. */
export function pullBackCommands(plan: Pick<DetachedRunPlan, 'outputPath'>): Array<{ name: 'last_kmsg' | 'dmesg' | 'output'; command: string }> {
  return [
    { name: 'last_kmsg', command: 'cat /proc/last_kmsg' },
    { name: 'dmesg', command: 'dmesg' },
    { name: 'output', command: `cat ${shellQuote(plan.outputPath)}` },
  ];
}

export interface DetachedRunLogs {
  /** The previous boot's kernel log (present when the phone rebooted during the run), else null. */
  lastKmsg: string | null;
  dmesg: string;
  /** Failed writes the script reported, one per line. */
  failures: string[];
}

/** Pulls the logs back through any shell runner (the AdbTarget's, or the simulator's). */
export async function pullBackDetachedRun(
  plan: Pick<DetachedRunPlan, 'outputPath'>,
  run: (command: string) => Promise<{ output: string; code: number }>,
): Promise<DetachedRunLogs> {
  const got: Record<string, { output: string; code: number }> = {};
  for (const { name, command } of pullBackCommands(plan)) got[name] = await run(command);
  const ok = (name: string) => (got[name]?.code === 0 ? got[name].output : null);
  return {
    lastKmsg: ok('last_kmsg'),
    dmesg: ok('dmesg') ?? '',
    failures: (ok('output') ?? '').split('\n').filter((line) => / failed$/.test(line.trim())),
  };
}
