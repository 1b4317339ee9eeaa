// The seeded generator: xoshiro128** (Blackman & Vigna), 32-bit state words, so every runtime
// produces the same stream. State is four u32 at `state`, updated in place.
import { log32 } from './math';

// @ts-ignore: decorator
@inline function nextU32(state: usize): u32 {
  const s0 = load<u32>(state), s1 = load<u32>(state, 4), s2 = load<u32>(state, 8), s3 = load<u32>(state, 12);
  const result = rotl<u32>(s1 * 5, 7) * 9;
  const t = s1 << 9;
  let n2 = s2 ^ s0;
  let n3 = s3 ^ s1;
  const n1 = s1 ^ n2;
  const n0 = s0 ^ n3;
  n2 ^= t;
  n3 = rotl<u32>(n3, 11);
  store<u32>(state, n0);
  store<u32>(state, n1, 4);
  store<u32>(state, n2, 8);
  store<u32>(state, n3, 12);
  return result;
}

// A float in [0, 1) from the top 24 bits: exactly representable, uniform on a 2^-24 grid.
// @ts-ignore: decorator
@inline function nextUniform(state: usize): f32 {
  return <f32>(nextU32(state) >>> 8) * (1.0 / 16777216.0);
}

/** Seeds the four state words from one 32-bit seed with splitmix32, never all zero. */
export function randomSeed(state: usize, seed: u32): void {
  let z = seed;
  for (let i = 0; i < 4; i++) {
    z += 0x9e3779b9;
    let x = z;
    x = (x ^ (x >>> 16)) * 0x85ebca6b;
    x = (x ^ (x >>> 13)) * 0xc2b2ae35;
    x ^= x >>> 16;
    store<u32>(state + (<usize>i << 2), x);
  }
  if ((load<u32>(state) | load<u32>(state, 4) | load<u32>(state, 8) | load<u32>(state, 12)) == 0) {
    store<u32>(state, 1);
  }
}

/** out[i] = low + (high - low) · u, u uniform in [0, 1). Sequential by nature: no SIMD. */
export function randomUniform(state: usize, out: usize, n: i32, low: f32, high: f32): void {
  const span = high - low;
  for (let i = 0; i < n; i++) store<f32>(out + (<usize>i << 2), low + span * nextUniform(state));
}

/**
 * out[i] = mean + std · z, z standard normal by Marsaglia's polar method (needs only log and
 * sqrt, both ours): draw u, v in (-1, 1) until 0 < s = u² + v² < 1, then u·√(-2 ln s / s) and
 * v·√(-2 ln s / s) are independent normals.
 */
export function randomNormal(state: usize, out: usize, n: i32, mean: f32, std: f32): void {
  let i = 0;
  while (i < n) {
    const u = nextUniform(state) * 2 - 1;
    const v = nextUniform(state) * 2 - 1;
    const s = u * u + v * v;
    if (s >= 1 || s == 0) continue;
    const f = sqrt<f32>(-2 * log32(s) / s);
    store<f32>(out + (<usize>i << 2), mean + std * u * f);
    i++;
    if (i < n) {
      store<f32>(out + (<usize>i << 2), mean + std * v * f);
      i++;
    }
  }
}

/** Raw 32-bit draws (for shuffling and integer sampling on the TypeScript side). */
export function randomU32(state: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u32>(out + (<usize>i << 2), nextU32(state));
}
