/**
 * Seeded pseudo-random numbers: the only source of randomness in leadcal (randomness is
 * always passed in, never read from a global).
 *
 * The core is xoshiro128** (Blackman & Vigna, https://prng.di.unimi.it/) seeded through a
 * splitmix32-style mixer (golden-ratio increment + murmur3 finaliser), so any safe-integer
 * seed gives a well-mixed state. Everything is pure
 * arithmetic on 32-bit integers: the same seed yields the same sequence on every platform.
 */

/** A seeded source of random numbers; every method advances the same stream. */
export interface Random {
  /** Uniform number in [0, 1) with 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, n); `n` must be a positive integer below 2^32. */
  int(n: number): number;
  /** Standard normal draw (Box–Muller, the spare value is cached). */
  normal(): number;
  /** Exponential draw with the given mean. */
  exponential(mean: number): number;
  /** Poisson draw: Knuth's product method below 10, PTRS (Hörmann 1993) above. */
  poisson(lambda: number): number;
  /** Index drawn with probability proportional to `weights[i]` (weights ≥ 0, sum > 0). */
  pick(weights: ArrayLike<number>): number;
}

const TWO_POW_32 = 4294967296;

/** One splitmix32-style step: returns the next state and an output word. */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

function checkSeed(seed: number, name: string): void {
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`${name} must be a safe integer; got ${String(seed)}`);
  }
}

/** Folds a safe integer into a 32-bit word, keeping its high bits in play. */
function fold(seed: number): number {
  const hi = Math.floor(seed / TWO_POW_32);
  return (seed ^ Math.imul(hi | 0, 0x27d4eb2d)) | 0;
}

/**
 * Derives an independent seed for sub-stream `stream` of `seed`, so that each lead can
 * draw from its own stream regardless of how many numbers other leads consumed.
 *
 * @throws Error when either argument is not a safe integer.
 * @example
 * deriveSeed(7, 0) === deriveSeed(7, 0); // => true
 * deriveSeed(7, 0) === deriveSeed(7, 1); // => false
 */
export function deriveSeed(seed: number, stream: number): number {
  checkSeed(seed, 'seed');
  checkSeed(stream, 'stream');
  let state = fold(seed);
  let out: number;
  [state, out] = splitmix32(state ^ Math.imul(fold(stream), 0x632be5ab));
  [, out] = splitmix32(state ^ out);
  return out;
}

class Xoshiro128 implements Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = Number.NaN;

  constructor(seed: number) {
    let state = fold(seed);
    let w: number;
    [state, w] = splitmix32(state);
    this.a = w | 0;
    [state, w] = splitmix32(state);
    this.b = w | 0;
    [state, w] = splitmix32(state);
    this.c = w | 0;
    [, w] = splitmix32(state);
    this.d = w | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1;
  }

  private nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const value = this.spare;
      this.spare = Number.NaN;
      return value;
    }
    const u = 1 - this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda < 10) {
      let product = this.next();
      // e^(−λ) ≥ 1 − λ, so this settles the common k = 0 case without an exp (same result).
      if (product <= 1 - lambda) return 0;
      const limit = Math.exp(-lambda);
      let k = 0;
      while (product > limit) {
        k += 1;
        product *= this.next();
      }
      return k;
    }
    return poissonPtrs(this, lambda);
  }

  pick(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i += 1) total += weights[i] ?? 0;
    let target = this.next() * total;
    for (let i = 0; i < weights.length; i += 1) {
      target -= weights[i] ?? 0;
      if (target < 0) return i;
    }
    // Rounding can leave target at ~0: return the last index with positive weight.
    for (let i = weights.length - 1; i >= 0; i -= 1) if ((weights[i] ?? 0) > 0) return i;
    throw new Error('pick: weights must contain a positive value');
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Lanczos approximation of ln Γ(x) for x > 0 (g = 7, n = 9; ~15 digits). */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  const y = x - 1;
  let sum = c[0] ?? 0;
  for (let i = 1; i < 9; i += 1) sum += (c[i] ?? 0) / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Transformed rejection with squeeze (Hörmann 1993), as in numpy's legacy generator. */
function poissonPtrs(random: Random, lambda: number): number {
  const slam = Math.sqrt(lambda);
  const logLambda = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = random.next() - 0.5;
    const v = random.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    const lhs = Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b);
    if (lhs <= -lambda + k * logLambda - logGamma(k + 1)) return k;
  }
}

/**
 * Creates a seeded random stream (xoshiro128** seeded via splitmix32).
 *
 * @param seed any safe integer; equal seeds give identical streams.
 * @throws Error when `seed` is not a safe integer.
 * @example
 * const a = createRandom(42);
 * const b = createRandom(42);
 * a.next() === b.next(); // => true
 * createRandom(1).int(6); // => an integer in 0..5
 */
export function createRandom(seed: number): Random {
  checkSeed(seed, 'seed');
  return new Xoshiro128(seed);
}
