import { describeCycleClocks } from '../../kernel-log/cycle-clocks';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { version } from '../../../package.json';
import type { SwitchRecord } from '../../../common/domain/switch-record';
import { compileScript, explainSteps } from '../../../common/script/compile';
import { contextForScript } from '../../../common/script/directives';
import { parse } from '../../../common/script/parser';
import { profileDeviceFacts } from '../../../common/profile/profile-facts';
import { scriptContextFrom } from '../../../common/profile/script-context';
import { summarizeSwitches } from '../../kernel-log';
import { loadProfileOrThrow } from '../../profiles/load-profile';
import { runHeadless } from '../../runner/headless-run';
import { defaultSessionsDir } from '../../sessions/default-dir';
import { SessionStore } from '../../sessions/session-store';
import { phoneTarget } from '../../targets/phone-target';
import { SimulatorTargetProvider } from '../../targets/simulator/simulator-target';
import { qemuArgs, type QemuMachineType } from '../../targets/qemu/qemu-machine';
import type { PlatformProfile } from '../../../common/profile/platform-profile';
import type { ScriptContext } from '../../../common/script/context';
import { qemuContext } from '../../../common/script/qemu-context';
import { parseQemuTarget, QemuTargetProvider } from '../../targets/qemu/qemu-target';
import { SimulatedPhone } from '../../simulator/simulated-phone';
import { intFlag, parseCommandArgs, UsageError, WorkError, type CliCommand, type CliIo } from '../command';

const usage = `Usage: fsw run FILE.fsw [--target sim|adb[:SERIAL]|qemu[:pc|q35]] [--adb-host HOST:PORT]
                 [--console PATH[@BAUD]|tcp://HOST:PORT] [--seed N] [--speed realtime|fast]
                 [--kernel FILE] [--initrd FILE] [--append ARGS]
                 [--profile PATH] [--record [DIR]] [--json] [--explain]

Checks the script against the target, runs it, and prints each switch's
breakdown as it is measured, then a summary.

  --target sim        the built-in simulator (default), starting as a phone does: the master booted
  --target adb[:SERIAL]  a phone over adb (the only one attached, or SERIAL; HOST:PORT over Wi-Fi)
  --adb-host H:P      the adb server of a lab host (default: this machine's, started if needed)
  --console SPEC      the UART console beside adb: /dev/ttyUSB0[@115200], tcp://HOST:PORT, file:PATH
  --target qemu[:pc|q35]  a real Linux kernel under QEMU (software emulation): suspend/resume,
                      memory blocks, DIMM hotplug; Debian's amd64 kernel unless --kernel
  --kernel FILE       (qemu) the kernel image to boot instead of Debian's
  --initrd FILE       (qemu) an initramfs instead of the workbench's busybox one
  --append ARGS       (qemu) more kernel arguments
  --seed N            simulator seed (default 1); same seed and script, same log
  --speed fast        run the simulator's clock as fast as its events allow (default realtime)
  --profile PATH      platform profile (default: the built-in Galaxy Nexus)
  --record [DIR]      record a session (default: the app's sessions folder)
  --json              print one JSON object {switches, summary} at the end (DESIGN §9)
  --explain           print the exact device writes the script compiles to, and run nothing`;

const ms = (v: number | null) => (v === null ? '     —   ' : `${v.toFixed(1).padStart(7)} ms`);

export function formatSwitchLine(s: SwitchRecord): string {
  const route = `${s.from ?? '?'}→${s.to ?? '?'}`;
  const extra = [describeCycleClocks(s) ?? '', s.blockingWakelocks.length ? `blocked by ${s.blockingWakelocks.join(', ')}` : '', ...s.anomalies].filter(Boolean).join('; ');
  return `#${String(s.id).padEnd(4)} ${s.kind.padEnd(14)} ${route.padEnd(10)} ${s.outcome.padEnd(7)} wait${ms(s.wakelockWaitMs)}  suspend${ms(s.suspendMs)}  resume${ms(s.resumeMs)}  total${ms(s.totalMs)} (${s.clock})${extra ? `  ${extra}` : ''}`;
}

type ExplainTarget = { qemu: QemuMachineType; kernel?: string; initrd?: string; append?: string } | { profile: PlatformProfile; seed: number };

/** `--explain`: the exact writes the script compiles to, for the target as it starts, and nothing run. */
function explain(text: string, file: string, io: CliIo, target: ExplainTarget): number {
  let context: ScriptContext;
  const header: string[] = [];
  if ('qemu' in target) {
    context = qemuContext();
    const images = { kernel: target.kernel ?? 'KERNEL', initrd: target.initrd ?? 'INITRD', kernelRelease: null, origin: '' };
    const args = qemuArgs({ machine: target.qemu, images, ...(target.append ? { append: target.append } : {}) }, 'DIR');
    header.push(`# QEMU ${target.qemu}: qemu-system-x86_64 ${args.map((a) => (/[\s,]/.test(a) ? JSON.stringify(a) : a)).join(' ')}`, `# the guest writes of ${file} (memory as a fresh machine boots it)`);
  } else {
    // The writes as they would go to a phone in the state the simulator starts in.
    const phone = new SimulatedPhone({ profile: target.profile, seed: target.seed, speed: 'fast' });
    context = scriptContextFrom(target.profile, phone.state(), 'sim');
    phone.close();
    header.push(`# ${target.profile.model}, ${target.profile.controlInterface} interface: the device writes of ${file}`);
  }
  const compiled = compileScript(text, context);
  if (!compiled.ok) {
    for (const d of compiled.diagnostics) io.err(`${file}:${d.range.startLine}:${d.range.startCol}: ${d.severity}: ${d.message}`);
    return 1;
  }
  for (const line of [...header, ...explainSteps(compiled.steps)]) io.out(line);
  return 0;
}

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'check and run a .fsw script on a target, printing every switch',
  usage,
  run: async (argv: string[], io: CliIo) => {
    // --record takes an optional folder: accept `--record` alone by looking ahead.
    const args = [...argv];
    const recordIndex = args.indexOf('--record');
    let recordDir: string | undefined;
    if (recordIndex >= 0) {
      const next = args[recordIndex + 1];
      const takesValue = next !== undefined && !next.startsWith('--') && !next.endsWith('.fsw');
      recordDir = takesValue ? next : defaultSessionsDir();
      args.splice(recordIndex, takesValue ? 2 : 1);
    }
    const { values, positionals } = parseCommandArgs('run', args, {
      target: { type: 'string' },
      'adb-host': { type: 'string' },
      console: { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      profile: { type: 'string' },
      kernel: { type: 'string' },
      initrd: { type: 'string' },
      append: { type: 'string' },
      json: { type: 'boolean' },
      explain: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UsageError('fsw run: give exactly one script file');
    const file = resolve(positionals[0]!);
    const speed = values.speed ?? 'realtime';
    if (speed !== 'realtime' && speed !== 'fast') throw new UsageError(`fsw run: --speed expects realtime or fast, got '${speed}'`);
    const target = values.target ?? 'sim';
    const qemuMachine = target.startsWith('qemu') ? parseQemuTarget(target) : null;
    if (target !== 'sim' && target !== 'adb' && !target.startsWith('adb:') && !qemuMachine) throw new UsageError(`fsw run: --target expects sim, adb[:SERIAL] or qemu[:pc|q35], got '${target}'`);
    if (!target.startsWith('adb') && (values['adb-host'] || values.console)) throw new UsageError('fsw run: --adb-host and --console go with --target adb');
    if (!qemuMachine && (values.kernel || values.initrd || values.append)) throw new UsageError('fsw run: --kernel, --initrd and --append go with --target qemu');
    const seed = intFlag('run', 'seed', values.seed, 1);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new WorkError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    // The simulator has both control interfaces: a script that asks for one (`# interface: fsw-notes`) gets it.
    const loaded = loadProfileOrThrow(values.profile);
    const wanted = contextForScript(parse(text).script, scriptContextFrom(loaded, null, 'sim')).interface;
    const profile = { ...loaded, controlInterface: wanted };

    if (values.explain) return explain(text, positionals[0]!, io, qemuMachine ? { qemu: qemuMachine, kernel: values.kernel, initrd: values.initrd, append: values.append } : { profile, seed });

    const store = recordDir ? await SessionStore.open(resolve(recordDir)) : null;
    const recorder = store
      ? await store.create(
          {
            profile: qemuMachine ? null : profile.id,
            device: qemuMachine ? { model: `QEMU ${qemuMachine}`, serial: null, fingerprints: [], kernels: [] } : profileDeviceFacts(profile),
            appVersion: version,
            target: target === 'sim' ? `sim:seed=${seed}` : qemuMachine ? `qemu:${qemuMachine}` : target,
            note: '',
            tags: [],
          },
          text,
        )
      : null;
    if (recorder && !values.json) io.out(`Recording session ${recorder.id} in ${store!.dir}`);

    let result;
    try {
      const { provider, targetId } =
        target === 'sim'
          ? { provider: new SimulatorTargetProvider({ profile, seed, speed, bootChildren: false }), targetId: 'sim' }
          : qemuMachine
            ? {
                provider: new QemuTargetProvider({ ...(values.kernel ? { kernel: values.kernel } : {}), ...(values.initrd ? { initrd: values.initrd } : {}), ...(values.append ? { append: values.append } : {}) }, values.json ? undefined : (_id, message) => io.out(`qemu: ${message}`)),
                targetId: `qemu:${qemuMachine}`,
              }
            : await phoneTarget({ profile, ...(target.startsWith('adb:') ? { serial: target.slice(4) } : {}), ...(values['adb-host'] ? { adbHost: values['adb-host'] } : {}), ...(values.console ? { console: values.console } : {}) });
      result = await runHeadless({
        text,
        baseDir: dirname(file),
        profile,
        provider,
        targetId,
        ...(recorder ? { recorder } : {}),
        onSwitch: values.json ? undefined : (s) => io.out(formatSwitchLine(s)),
        onLog: values.json ? undefined : (records) => records.filter((r) => r.source === 'script').forEach((r) => io.out(`  ${r.kind === 'mark' ? `mark: ${r.text}` : r.text}`)),
      });
    } catch (error) {
      await recorder?.finish({ how: 'failed', message: (error as Error).message });
      throw new WorkError((error as Error).message);
    }
    const { status, switches } = result;
    await recorder?.finish({ how: status.state === 'finished' ? 'finished' : status.state === 'stopped' ? 'cancelled' : 'failed', message: status.message ?? '' });

    const summary = summarizeSwitches(switches);
    if (values.json) {
      io.out(JSON.stringify({ switches, summary, run: { state: status.state, message: status.message ?? null, expectationsMet: status.expectationsMet ?? 0, expectationsFailed: status.expectationsFailed ?? 0, session: recorder?.id ?? null }, device: result.device }, null, 2));
    } else {
      io.out('');
      io.out(`${status.state}: ${switches.length} switch record(s); expectations met ${status.expectationsMet ?? 0}, not met ${status.expectationsFailed ?? 0}${status.message ? ` — ${status.message}` : ''}`);
      for (const [phase, stats] of Object.entries(summary).filter(([p]) => ['wakelockWait', 'suspend', 'resume', 'total'].includes(p))) {
        io.out(`  ${phase.padEnd(13)} n=${String(stats.count).padEnd(4)} mean ${stats.mean.toFixed(1)} ms  median ${stats.median.toFixed(1)} ms  p90 ${stats.p90.toFixed(1)} ms  min ${stats.min.toFixed(1)} ms  max ${stats.max.toFixed(1)} ms`);
      }
    }
    return status.state === 'finished' ? 0 : 1;
  },
};
