import { loadProfileOrThrow } from '../profiles/load-profile';
import { SimulatedPhone } from './simulated-phone';

export interface SimBackendOptions {
  seed: number;
  speed: 'realtime' | 'fast';
  /** A platform profile file; the built-in Galaxy Nexus profile when absent. */
  profilePath?: string;
}

/** The one place the simulated phone is built for the wires (`fsw sim`): the master booted, the notes' default scenario. */
export function createSimBackend(options: SimBackendOptions): SimulatedPhone {
  return new SimulatedPhone({ profile: loadProfileOrThrow(options.profilePath), seed: options.seed, speed: options.speed });
}
