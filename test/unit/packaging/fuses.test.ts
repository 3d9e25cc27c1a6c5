import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkFuses } from '../../../scripts/packaging/packaged-layout';
import { writeStubElectron } from '../../../scripts/packaging/stub-electron';

const require = createRequire(import.meta.url);
type Platform = 'linux' | 'darwin' | 'mas' | 'win32';
const { fuseSettingsFor, FUSE_WIRE_ORDER } = require('../../../scripts/packaging/fuse-settings.cjs') as {
  fuseSettingsFor(platform: Platform): Record<string, boolean>;
  FUSE_WIRE_ORDER: string[];
};
const { afterPack, fuseConfigFor } = require('../../../scripts/after-pack.cjs') as {
  afterPack(context: unknown): Promise<void>;
  fuseConfigFor(platform: Platform, arch: string): Record<string, unknown>;
};
const fuses = require('@electron/fuses') as {
  flipFuses(binary: string, config: Record<string, unknown>): Promise<number>;
  getCurrentFuseWire(binary: string): Promise<Record<string, unknown>>;
  FuseV1Options: Record<string, number>;
};

describe('the fuses of the packaged app', () => {
  it.each<Platform>(['linux', 'darwin', 'mas', 'win32'])('on %s: cookies encrypted, no NODE_OPTIONS, no --inspect, asar only and checked, no file:// privileges', (platform) => {
    expect(fuseSettingsFor(platform)).toMatchObject({
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('keeps RunAsNode for Linux only, where the fsw launcher needs it', () => {
    expect(fuseSettingsFor('linux').runAsNode).toBe(true);
    expect(fuseSettingsFor('darwin').runAsNode).toBe(false);
    expect(fuseSettingsFor('mas').runAsNode).toBe(false);
    expect(fuseSettingsFor('win32').runAsNode).toBe(false);
  });

  it('names every fuse @electron/fuses knows, in its wire order', () => {
    const known = Object.entries(fuses.FuseV1Options).filter(([, v]) => typeof v === 'number').sort((a, b) => (a[1] as number) - (b[1] as number)).map(([k]) => k.charAt(0).toLowerCase() + k.slice(1));
    expect(FUSE_WIRE_ORDER).toEqual(known);
    expect(Object.keys(fuseSettingsFor('linux')).sort()).toEqual([...known].sort());
  });

  it('asks for a fresh ad-hoc signature only on arm64 macOS', () => {
    expect(fuseConfigFor('darwin', 'arm64').resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfigFor('darwin', 'x64').resetAdHocDarwinSignature).toBeUndefined();
    expect(fuseConfigFor('linux', 'arm64').resetAdHocDarwinSignature).toBeUndefined();
  });
});

describe('the afterPack hook on an Electron-format fuse wire', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fsw-fuses-'));
    await writeStubElectron(dir, '45.4.1');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  // electron-builder's packager.addElectronFuses finds the binary and calls flipFuses; this stand-in does the same for the stub.
  const contextFor = (platform: Platform) => ({
    electronPlatformName: platform,
    arch: 1,
    appOutDir: dir,
    packager: { addElectronFuses: (_context: unknown, config: Record<string, unknown>) => fuses.flipFuses(join(dir, 'electron'), config) },
  });

  it('flips a stock binary to the Linux settings, which the packaging check accepts', async () => {
    await afterPack(contextFor('linux'));
    expect((await checkFuses(join(dir, 'electron'))).ok).toBe(true);
  });

  it('leaves a binary the packaging check rejects when the hook did not run', async () => {
    const finding = await checkFuses(join(dir, 'electron'));
    expect(finding.ok).toBe(false);
    expect(finding.detail).toContain('enableNodeOptionsEnvironmentVariable');
  });

  it('turns RunAsNode off in a Windows build', async () => {
    await afterPack(contextFor('win32'));
    const wire = await fuses.getCurrentFuseWire(join(dir, 'electron'));
    expect(wire[fuses.FuseV1Options.RunAsNode!]).toBe('0'.charCodeAt(0));
  });
});
