'use strict';
/* global require, module */
/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder loads hooks with require() */
/**
 * electron-builder afterPack hook: flips the Electron fuses of the packaged
 * binary before anything signs it (electron-builder signs after this hook).
 */
const { FuseVersion, FuseV1Options } = require('@electron/fuses');
const { fuseSettingsFor, FUSE_WIRE_ORDER } = require('./packaging/fuse-settings.cjs');

/** Turns our named settings into the numbered wire @electron/fuses expects. */
function fuseConfigFor(platform, arch) {
  const settings = fuseSettingsFor(platform);
  const config = { version: FuseVersion.V1 };
  for (const name of FUSE_WIRE_ORDER) {
    const option = FuseV1Options[name.charAt(0).toUpperCase() + name.slice(1)];
    if (option === undefined) throw new Error(`@electron/fuses does not know the fuse ${name}`);
    config[option] = settings[name];
  }
  // An unsigned arm64 macOS build needs its ad-hoc signature renewed after the binary changed.
  if ((platform === 'darwin' || platform === 'mas') && arch === 'arm64') config.resetAdHocDarwinSignature = true;
  return config;
}

// electron-builder's Arch enum: 0 ia32, 1 x64, 2 armv7l, 3 arm64, 4 universal.
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

async function afterPack(context) {
  const config = fuseConfigFor(context.electronPlatformName, ARCH_NAMES[context.arch] ?? String(context.arch));
  // The packager knows where the binary is on each platform (.app bundle, .exe, executableName).
  await context.packager.addElectronFuses(context, config);
}

module.exports = { default: afterPack, afterPack, fuseConfigFor };
