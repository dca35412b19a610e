import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded random source, so a seed run is reproducible. */
export class Random {
  private readonly rng;

  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed);
  }

  /** The `index`-th of independent sources drawn from one seed (xoroshiro wants unrelated seeds). */
  static derive(seed: number, index: number): Random {
    return new Random(mix32(mix32(seed) + index));
  }

  float(): number {
    return uniformFloat64(this.rng);
  }

  int(from: number, to: number): number {
    return uniformInt(this.rng, from, to);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(values: readonly T[]): T {
    return values[this.int(0, values.length - 1)]!;
  }

  /** A few distinct values. */
  some<T>(values: readonly T[], min: number, max: number): T[] {
    const pool = [...values];
    const count = Math.min(pool.length, this.int(min, max));
    const chosen: T[] = [];
    while (chosen.length < count) chosen.push(pool.splice(this.int(0, pool.length - 1), 1)[0]!);
    return chosen;
  }

  /** Heavy-tailed: most values small, a few very large (follower counts, seller activity). */
  logUniform(min: number, max: number): number {
    return Math.round(Math.exp(Math.log(min) + this.float() * (Math.log(max) - Math.log(min))));
  }

  hex(length: number): string {
    let text = '';
    while (text.length < length) text += this.int(0, 0xffff_ffff).toString(16).padStart(8, '0');
    return text.slice(0, length);
  }
}

/** A 32-bit integer hash (lowbias32): nearby inputs give unrelated outputs. */
const mix32 = (value: number): number => {
  let x = value | 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) | 0;
};
