import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { Spread } from '../../common/profile/platform-profile';

/** The model's only source of chance: seeded, so a seed replays a run exactly. */
export class RandomSource {
  private readonly rng: RandomGenerator;

  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed | 0);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return uniformFloat64(this.rng);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.float();
  }

  int(min: number, max: number): number {
    return Math.floor(this.between(min, max + 1));
  }

  /** Triangular distribution: [min, mode, max] as profiles write spreads. */
  spread([min, mode, max]: Spread | readonly [number, number, number]): number {
    if (max <= min) return min;
    const u = this.float();
    const c = (mode - min) / (max - min);
    return u < c ? min + Math.sqrt(u * (max - min) * (mode - min)) : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
  }

  /** Exponential with the given mean (long tails: wifi traffic that keeps going). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }
}
