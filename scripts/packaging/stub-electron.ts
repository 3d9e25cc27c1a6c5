/**
 * A stand-in for an unpacked Linux Electron, enough for `electron-builder --dir`
 * to lay out the app (PITFALLS: the real binary cannot be downloaded here).
 * The "binary" is a shell script that also carries a fuse wire in Electron's
 * format, with Electron's stock states, so the real afterPack hook can flip it
 * and the check can read the result back with @electron/fuses. Run in Node mode
 * (ELECTRON_RUN_AS_NODE=1) it prints its arguments, so the fsw launcher can be
 * checked against the packaged layout.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** @electron/fuses' sentinel; the wire follows it: version, length, one byte per fuse. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** A stock Electron's fuses, in wire order: RunAsNode, CookieEncryption, NodeOptions, Inspect, AsarIntegrity, OnlyAsar, V8Snapshot, FileProtocol. */
export const STOCK_FUSE_WIRE = '10110001';
export const RUN_AS_NODE_MARKER = 'stub-electron run-as-node:';

export async function writeStubElectron(dir: string, electronVersion: string): Promise<void> {
  await mkdir(join(dir, 'resources'), { recursive: true });
  const script = [
    '#!/bin/sh',
    '# Stub Electron for packaging checks; not a runnable app.',
    'if [ "${ELECTRON_RUN_AS_NODE:-}" = 1 ]; then',
    `  printf '%s\\n' '${RUN_AS_NODE_MARKER}' "$@"`,
    '  exit 0',
    'fi',
    'echo "stub electron: no app runtime here" >&2',
    'exit 3',
    `# ${FUSE_SENTINEL}`,
  ].join('\n');
  const wire = Buffer.concat([Buffer.from(script, 'utf8'), Buffer.from([1, STOCK_FUSE_WIRE.length]), Buffer.from(STOCK_FUSE_WIRE, 'ascii'), Buffer.from('\n')]);
  await writeFile(join(dir, 'electron'), wire);
  await chmod(join(dir, 'electron'), 0o755);
  await writeFile(join(dir, 'chrome-sandbox'), '');
  await writeFile(join(dir, 'version'), electronVersion);
  await writeFile(join(dir, 'LICENSE'), 'stub\n');
}
