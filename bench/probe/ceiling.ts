// The machine's Wasm SIMD ceiling and stream bandwidth, measured with our own tiny module so the
// benchmark can report each kernel as a fraction of what this CPU and runtime can do at all.
// Built by bench/probe.mjs (`asc bench/probe/ceiling.ts --target probe`), never shipped.

/**
 * Twelve independent f32x4 chains c ← c·m + a: 8 flops per chain step, no loads. Twelve chains
 * cover the mul→add latency on two multiply and two add pipes; returns a value that depends on
 * every chain so nothing is optimised away.
 */
export function mulAddChains(iterations: i32, m: f32, a: f32): f32 {
  const mv = f32x4.splat(m);
  const av = f32x4.splat(a);
  let c0 = f32x4.splat(0.0), c1 = f32x4.splat(0.1), c2 = f32x4.splat(0.2), c3 = f32x4.splat(0.3);
  let c4 = f32x4.splat(0.4), c5 = f32x4.splat(0.5), c6 = f32x4.splat(0.6), c7 = f32x4.splat(0.7);
  let c8 = f32x4.splat(0.8), c9 = f32x4.splat(0.9), c10 = f32x4.splat(1.0), c11 = f32x4.splat(1.1);
  for (let i = 0; i < iterations; i++) {
    c0 = f32x4.add(f32x4.mul(c0, mv), av); c1 = f32x4.add(f32x4.mul(c1, mv), av);
    c2 = f32x4.add(f32x4.mul(c2, mv), av); c3 = f32x4.add(f32x4.mul(c3, mv), av);
    c4 = f32x4.add(f32x4.mul(c4, mv), av); c5 = f32x4.add(f32x4.mul(c5, mv), av);
    c6 = f32x4.add(f32x4.mul(c6, mv), av); c7 = f32x4.add(f32x4.mul(c7, mv), av);
    c8 = f32x4.add(f32x4.mul(c8, mv), av); c9 = f32x4.add(f32x4.mul(c9, mv), av);
    c10 = f32x4.add(f32x4.mul(c10, mv), av); c11 = f32x4.add(f32x4.mul(c11, mv), av);
  }
  const s = f32x4.add(
    f32x4.add(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), f32x4.add(f32x4.add(c4, c5), f32x4.add(c6, c7))),
    f32x4.add(f32x4.add(c8, c9), f32x4.add(c10, c11)),
  );
  return f32x4.extract_lane(s, 0);
}

/**
 * Six multiply chains p ← p·m feeding six add chains c ← c + p: the same 8 flops per pair of
 * steps with the multiplies and adds on separate dependency chains.
 */
export function splitChains(iterations: i32, m: f32): f32 {
  const mv = f32x4.splat(m);
  let p0 = f32x4.splat(0.0), p1 = f32x4.splat(0.1), p2 = f32x4.splat(0.2);
  let p3 = f32x4.splat(0.3), p4 = f32x4.splat(0.4), p5 = f32x4.splat(0.5);
  let c0 = f32x4.splat(0.0), c1 = f32x4.splat(0.1), c2 = f32x4.splat(0.2);
  let c3 = f32x4.splat(0.3), c4 = f32x4.splat(0.4), c5 = f32x4.splat(0.5);
  for (let i = 0; i < iterations; i++) {
    p0 = f32x4.mul(p0, mv); c0 = f32x4.add(c0, p0);
    p1 = f32x4.mul(p1, mv); c1 = f32x4.add(c1, p1);
    p2 = f32x4.mul(p2, mv); c2 = f32x4.add(c2, p2);
    p3 = f32x4.mul(p3, mv); c3 = f32x4.add(c3, p3);
    p4 = f32x4.mul(p4, mv); c4 = f32x4.add(c4, p4);
    p5 = f32x4.mul(p5, mv); c5 = f32x4.add(c5, p5);
  }
  const p = f32x4.add(f32x4.add(f32x4.add(p0, p1), f32x4.add(p2, p3)), f32x4.add(p4, p5));
  const s = f32x4.add(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), f32x4.add(f32x4.add(c4, c5), p));
  return f32x4.extract_lane(s, 0);
}

/**
 * The core's clock: a single dependent chain of integer adds and xors, 16 per iteration, each
 * waiting for the one before (one cycle apiece on x86-64 and ARM64 cores), so the chain runs at
 * one operation per cycle and ops / second is the clock rate. The operands come in as parameters
 * so nothing can be folded; the loop counter runs beside the chain in the spare ALUs.
 */
export function dependentChain(iterations: i32, a: i32, b: i32): i32 {
  let x = a;
  for (let i = 0; i < iterations; i++) {
    x = (x + a) ^ b; x = (x + b) ^ a; x = (x + a) ^ b; x = (x + b) ^ a;
    x = (x + a) ^ b; x = (x + b) ^ a; x = (x + a) ^ b; x = (x + b) ^ a;
  }
  return x;
}

/** dst[i] = src[i] over n floats (n a multiple of 16), four v128 per step. */
export function streamCopy(src: usize, dst: usize, n: i32): void {
  const end = src + (<usize>n << 2);
  while (src < end) {
    v128.store(dst, v128.load(src));
    v128.store(dst, v128.load(src, 16), 16);
    v128.store(dst, v128.load(src, 32), 32);
    v128.store(dst, v128.load(src, 48), 48);
    src += 64;
    dst += 64;
  }
}

/** a[i] = b[i] + s·c[i] over n floats (n a multiple of 8), the STREAM triad. */
export function streamTriad(a: usize, b: usize, c: usize, s: f32, n: i32): void {
  const sv = f32x4.splat(s);
  const end = a + (<usize>n << 2);
  while (a < end) {
    v128.store(a, f32x4.add(v128.load(b), f32x4.mul(sv, v128.load(c))));
    v128.store(a, f32x4.add(v128.load(b, 16), f32x4.mul(sv, v128.load(c, 16))), 16);
    a += 32;
    b += 32;
    c += 32;
  }
}

/** Sum of n floats (n a multiple of 16) with four accumulators: read-only bandwidth. */
export function streamRead(src: usize, n: i32): f32 {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  const end = src + (<usize>n << 2);
  while (src < end) {
    s0 = f32x4.add(s0, v128.load(src));
    s1 = f32x4.add(s1, v128.load(src, 16));
    s2 = f32x4.add(s2, v128.load(src, 32));
    s3 = f32x4.add(s3, v128.load(src, 48));
    src += 64;
  }
  return f32x4.extract_lane(f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3)), 0);
}

/** The first byte free for the probe's arrays. */
export function heapBase(): usize {
  return (__heap_base + 63) & ~63;
}
