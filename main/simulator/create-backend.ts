import { WorkError } from '../cli/command';
import type { SimDeviceBackend } from './device-backend';

export interface SimBackendOptions {
  seed: number;
  speed: 'realtime' | 'fast';
  /** A platform profile file; the built-in Galaxy Nexus profile when absent. */
  profilePath?: string;
}

/**
 * The one place the simulated phone's model is built for the wires.
 * The model lands on its own branch; until it is merged this refuses.
 */
export function createSimBackend(_options: SimBackendOptions): SimDeviceBackend {
  throw new WorkError('simulator model not merged yet');
}
