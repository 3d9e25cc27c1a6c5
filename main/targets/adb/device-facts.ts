import { z } from 'zod';
import type { RootAccess } from '../shell-command';
import type { AdbShell } from './adb-shell';

/** What identifies the phone and the kernel now running on it (recorded in every session). */
export const DeviceFacts = z.object({
  serial: z.string(),
  model: z.string(),
  /** ro.product.device: `maguro` (GSM Galaxy Nexus), `toro`/`toroplus` (CDMA/LTE). */
  device: z.string(),
  androidRelease: z.string(),
  fingerprint: z.string(),
  /** `uname -r`. */
  kernelRelease: z.string(),
  /** /proc/version, the whole line (compiler, build date). */
  kernelVersion: z.string(),
  root: z.enum(['adbd', 'su', 'none']),
});
export type DeviceFacts = z.infer<typeof DeviceFacts>;

const FIELDS = {
  model: 'getprop ro.product.model',
  device: 'getprop ro.product.device',
  androidRelease: 'getprop ro.build.version.release',
  fingerprint: 'getprop ro.build.fingerprint',
  serial: 'getprop ro.serialno',
  kernelRelease: 'uname -r',
  kernelVersion: 'cat /proc/version',
  id: 'id',
} as const;

/** All facts in one round trip: each command's output behind a header line. */
export function factsCommand(): string {
  return Object.entries(FIELDS)
    .map(([name, command]) => `echo @@${name}; ${command}`)
    .join('; ');
}

export function parseFactsOutput(text: string): Record<keyof typeof FIELDS, string> {
  const out: Record<string, string> = {};
  let current: string | null = null;
  for (const line of text.replace(/\r/g, '').split('\n')) {
    const header = /^@@(\w+)$/.exec(line);
    if (header) {
      current = header[1] ?? null;
      if (current) out[current] = '';
    } else if (current) out[current] = out[current] ? `${out[current]}\n${line}` : line;
  }
  for (const key of Object.keys(FIELDS)) out[key] = (out[key] ?? '').trim();
  return out as Record<keyof typeof FIELDS, string>;
}

export const isRootId = (idOutput: string) => /\buid=0\(/.test(idOutput);

/** Reads the device facts; `serialHint` is adb's name for it, used when ro.serialno is empty (TCP devices). */
export async function readDeviceFacts(shell: AdbShell, serialHint: string): Promise<DeviceFacts> {
  const f = parseFactsOutput((await shell.run(factsCommand())).output);
  let root: RootAccess = 'none';
  if (isRootId(f.id)) root = 'adbd';
  else {
    const su = await shell.run('su -c id').catch(() => null);
    if (su && isRootId(su.output)) root = 'su';
  }
  return DeviceFacts.parse({
    serial: f.serial || serialHint,
    model: f.model,
    device: f.device,
    androidRelease: f.androidRelease,
    fingerprint: f.fingerprint,
    // Some builds (and the simulator) have no osrelease for uname: /proc/version names the release too.
    kernelRelease: f.kernelRelease && f.kernelRelease !== 'unknown' ? f.kernelRelease : (/^Linux version (\S+)/.exec(f.kernelVersion)?.[1] ?? f.kernelRelease),
    kernelVersion: f.kernelVersion,
    root,
  });
}

const TUNA = ['maguro', 'toro', 'toroplus', 'tuna'];

/** Whether this is a phone the workbench knows (a Galaxy Nexus), and what to say when it is not. */
export function recognisePhone(facts: Pick<DeviceFacts, 'model' | 'device'>): { known: boolean; message: string } {
  if (TUNA.includes(facts.device) || /Galaxy Nexus/i.test(facts.model)) return { known: true, message: `Galaxy Nexus (${facts.device || facts.model})` };
  return {
    known: false,
    message: `This is a ${facts.model || 'phone'} (${facts.device || 'unknown device'}), not a Galaxy Nexus: the workbench has no platform profile for it, so memory maps and control files may not match.`,
  };
}
