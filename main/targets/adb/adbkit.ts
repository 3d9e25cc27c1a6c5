import adbkit from '@devicefarmer/adbkit';

/**
 * adbkit is CommonJS with `exports.default`: Node's ESM loader hands back
 * the whole exports object as the default, bundlers the class itself.
 * This takes the class either way.
 */
export const Adb: typeof adbkit = (adbkit as unknown as { default?: typeof adbkit }).default ?? adbkit;
export type { Client as AdbClient, DeviceClient, Device as AdbDevice } from '@devicefarmer/adbkit';
