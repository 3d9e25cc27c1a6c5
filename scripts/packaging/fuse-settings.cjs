'use strict';
/* global module */
/**
 * The Electron fuses of the packaged app, per platform (docs/security.md).
 * CommonJS because electron-builder loads the afterPack hook with require().
 *
 * RunAsNode stays on for Linux only: the deb/rpm packages install `fsw`, a
 * launcher that runs the CLI with ELECTRON_RUN_AS_NODE=1 on lab machines with
 * no Node of their own. On macOS and Windows the code signature is what the
 * OS trusts, so a binary that runs any script would lend that trust away.
 */

/** @typedef {'linux' | 'darwin' | 'mas' | 'win32'} ElectronPlatformName */

/** @param {ElectronPlatformName} platform */
function fuseSettingsFor(platform) {
  return {
    runAsNode: platform === 'linux',
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  };
}

/** Order of the fuse wire (FuseV1Options of @electron/fuses). */
const FUSE_WIRE_ORDER = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
];

module.exports = { fuseSettingsFor, FUSE_WIRE_ORDER };
