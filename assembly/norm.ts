// Normalisation: statistics in one kernel (mean, then the centred sum of squares, both in
// float64 lanes: a two-pass variance that cannot cancel), the normalisation in another.
// Layouts: rows [R, D] (layer norm; group norm's (n, group) rows), planes [N, C, L] (batch
// norm's channels; group norm's per-channel affine).

// @ts-ignore: decorator
@inline function high(v: v128): v128 {
  return v128.shuffle<i32>(v, v, 2, 3, 0, 1);
}

// @ts-ignore: decorator
@inline function lanesSum(a: v128, b: v128): f64 {
  const s = f64x2.add(a, b);
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

/** Σ x over n floats, float64 lanes. */
// @ts-ignore: decorator
@inline function sum64(x: usize, n: i32): f64 {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v));
    a1 = f64x2.add(a1, f64x2.promote_low_f32x4(high(v)));
  }
  let total = lanesSum(a0, a1);
  for (; i < n; i++) total += <f64>load<f32>(x + (<usize>i << 2));
  return total;
}

/** Σ (x - m)² over n floats, float64 lanes. */
// @ts-ignore: decorator
@inline function centredSquares64(x: usize, n: i32, m: f64): f64 {
  const mv = f64x2.splat(m);
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    const d0 = f64x2.sub(f64x2.promote_low_f32x4(v), mv);
    const d1 = f64x2.sub(f64x2.promote_low_f32x4(high(v)), mv);
    a0 = f64x2.add(a0, f64x2.mul(d0, d0));
    a1 = f64x2.add(a1, f64x2.mul(d1, d1));
  }
  let total = lanesSum(a0, a1);
  for (; i < n; i++) {
    const d = <f64>load<f32>(x + (<usize>i << 2)) - m;
    total += d * d;
  }
  return total;
}

/** Σ g·(x - m) over n floats, float64 lanes. */
// @ts-ignore: decorator
@inline function centredDot64(g: usize, x: usize, n: i32, m: f64): f64 {
  const mv = f64x2.splat(m);
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const q = <usize>i << 2;
    const v = v128.load(x + q);
    const gv = v128.load(g + q);
    a0 = f64x2.add(a0, f64x2.mul(f64x2.promote_low_f32x4(gv), f64x2.sub(f64x2.promote_low_f32x4(v), mv)));
    a1 = f64x2.add(a1, f64x2.mul(f64x2.promote_low_f32x4(high(gv)), f64x2.sub(f64x2.promote_low_f32x4(high(v)), mv)));
  }
  let total = lanesSum(a0, a1);
  for (; i < n; i++) {
    const q = <usize>i << 2;
    total += <f64>load<f32>(g + q) * (<f64>load<f32>(x + q) - m);
  }
  return total;
}

/** Per row of [R, D]: mean[r] and invStd[r] = 1/√(biased variance + eps). */
export function rowMeanInvStd(x: usize, mean: usize, invStd: usize, R: i32, D: i32, eps: f64): void {
  for (let r = 0; r < R; r++) {
    const row = x + (<usize>(r * D) << 2);
    const m = sum64(row, D) / <f64>D;
    const v = centredSquares64(row, D, m) / <f64>D;
    store<f32>(mean + (<usize>r << 2), <f32>m);
    store<f32>(invStd + (<usize>r << 2), <f32>(1.0 / Math.sqrt(v + eps)));
  }
}

/**
 * Per channel of [N, C, L]: mean[c] and the biased variance var[c] over N·L values: the plane
 * sums added in order of n, then the planes' centred squares likewise. Both passes walk the
 * batch in memory order with the channels' float64 sums in acc (2·C f64): the same additions in
 * the same order as a walk channel by channel.
 */
export function channelMeanVar(x: usize, mean: usize, variance: usize, N: i32, C: i32, L: i32, acc: usize): void {
  const count = <f64>N * <f64>L;
  const sq = acc + (<usize>C << 3);
  memory.fill(acc, 0, <usize>C << 4);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const at = acc + (<usize>c << 3);
      store<f64>(at, load<f64>(at) + sum64(x + (<usize>((n * C + c) * L) << 2), L));
    }
  }
  for (let c = 0; c < C; c++) store<f64>(acc + (<usize>c << 3), load<f64>(acc + (<usize>c << 3)) / count);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const at = sq + (<usize>c << 3);
      store<f64>(at, load<f64>(at) + centredSquares64(x + (<usize>((n * C + c) * L) << 2), L, load<f64>(acc + (<usize>c << 3))));
    }
  }
  for (let c = 0; c < C; c++) {
    store<f32>(mean + (<usize>c << 2), <f32>load<f64>(acc + (<usize>c << 3)));
    store<f32>(variance + (<usize>c << 2), <f32>(load<f64>(sq + (<usize>c << 3)) / count));
  }
}

/** y[n, c, l] = x[n, c, l]·scale[c] + shift[c]. */
export function planeAffine(x: usize, scale: usize, shift: usize, y: usize, N: i32, C: i32, L: i32): void {
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const a = load<f32>(scale + (<usize>c << 2));
      const b = load<f32>(shift + (<usize>c << 2));
      const av = f32x4.splat(a), bv = f32x4.splat(b);
      const off = <usize>((n * C + c) * L) << 2;
      let i = 0;
      for (; i + 4 <= L; i += 4) {
        const q = off + (<usize>i << 2);
        v128.store(y + q, f32x4.add(f32x4.mul(v128.load(x + q), av), bv));
      }
      for (; i < L; i++) {
        const q = off + (<usize>i << 2);
        store<f32>(y + q, load<f32>(x + q) * a + b);
      }
    }
  }
}

/** out[n, c, l] = g·a[c] + x·b[c] + k[c] (the input gradient of batch and group norm). */
export function planeLinear2(g: usize, x: usize, a: usize, b: usize, k: usize, out: usize, N: i32, C: i32, L: i32): void {
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const av = load<f32>(a + (<usize>c << 2));
      const bv = load<f32>(b + (<usize>c << 2));
      const kv = load<f32>(k + (<usize>c << 2));
      const a4 = f32x4.splat(av), b4 = f32x4.splat(bv), k4 = f32x4.splat(kv);
      const off = <usize>((n * C + c) * L) << 2;
      let i = 0;
      for (; i + 4 <= L; i += 4) {
        const q = off + (<usize>i << 2);
        v128.store(out + q, f32x4.add(f32x4.add(f32x4.mul(v128.load(g + q), a4), f32x4.mul(v128.load(x + q), b4)), k4));
      }
      for (; i < L; i++) {
        const q = off + (<usize>i << 2);
        store<f32>(out + q, load<f32>(g + q) * av + load<f32>(x + q) * bv + kv);
      }
    }
  }
}

/** Per plane p of [P, L]: sumG[p] = Σ g, sumGX[p] = Σ g·(x - shift[p]), in float64. */
export function planeGradSums(g: usize, x: usize, shift: usize, sumG: usize, sumGX: usize, P: i32, L: i32): void {
  for (let p = 0; p < P; p++) {
    const off = <usize>(p * L) << 2;
    const m = <f64>load<f32>(shift + (<usize>p << 2));
    store<f64>(sumG + (<usize>p << 3), sum64(g + off, L));
    store<f64>(sumGX + (<usize>p << 3), centredDot64(g + off, x + off, L, m));
  }
}

/** y[r, d] = (x[r, d] - mean[r])·invStd[r]·w[d] + b[d] (w, b: 0 for none). */
export function layerNormForward(x: usize, mean: usize, invStd: usize, w: usize, b: usize, y: usize, R: i32, D: i32): void {
  for (let r = 0; r < R; r++) {
    const m = load<f32>(mean + (<usize>r << 2));
    const s = load<f32>(invStd + (<usize>r << 2));
    const mv = f32x4.splat(m), sv = f32x4.splat(s);
    const off = <usize>(r * D) << 2;
    let d = 0;
    for (; d + 4 <= D; d += 4) {
      const q = <usize>d << 2;
      let v = f32x4.mul(f32x4.sub(v128.load(x + off + q), mv), sv);
      if (w != 0) v = f32x4.mul(v, v128.load(w + q));
      if (b != 0) v = f32x4.add(v, v128.load(b + q));
      v128.store(y + off + q, v);
    }
    for (; d < D; d++) {
      const q = <usize>d << 2;
      let v = (load<f32>(x + off + q) - m) * s;
      if (w != 0) v *= load<f32>(w + q);
      if (b != 0) v += load<f32>(b + q);
      store<f32>(y + off + q, v);
    }
  }
}

/**
 * The input gradient of layer norm, per row, with gw = g·w and x̂ = (x - m)·s:
 * dx = s·(gw - mean(gw) - x̂·mean(gw·x̂)) = gw·s - s·S1/D - (x - m)·s³·S2/D,
 * S1 = Σ gw, S2 = Σ gw·(x - m) in float64.
 */
export function layerNormBackward(g: usize, x: usize, mean: usize, invStd: usize, w: usize, dx: usize, R: i32, D: i32): void {
  for (let r = 0; r < R; r++) {
    const m = load<f32>(mean + (<usize>r << 2));
    const s = load<f32>(invStd + (<usize>r << 2));
    const off = <usize>(r * D) << 2;
    let s1: f64 = 0, s2: f64 = 0;
    for (let d = 0; d < D; d++) {
      const q = off + (<usize>d << 2);
      let gw = <f64>load<f32>(g + q);
      if (w != 0) gw *= <f64>load<f32>(w + (<usize>d << 2));
      s1 += gw;
      s2 += gw * (<f64>load<f32>(x + q) - <f64>m);
    }
    const s64 = <f64>s;
    const k1 = <f32>(s64 * s1 / <f64>D);
    const k2 = <f32>(s64 * s64 * s64 * s2 / <f64>D);
    const k1v = f32x4.splat(k1), k2v = f32x4.splat(k2), sv = f32x4.splat(s), mv = f32x4.splat(m);
    let d = 0;
    for (; d + 4 <= D; d += 4) {
      const q = off + (<usize>d << 2);
      let gw = v128.load(g + q);
      if (w != 0) gw = f32x4.mul(gw, v128.load(w + (<usize>d << 2)));
      const centred = f32x4.sub(v128.load(x + q), mv);
      v128.store(dx + q, f32x4.sub(f32x4.sub(f32x4.mul(gw, sv), k1v), f32x4.mul(centred, k2v)));
    }
    for (; d < D; d++) {
      const q = off + (<usize>d << 2);
      let gw = load<f32>(g + q);
      if (w != 0) gw *= load<f32>(w + (<usize>d << 2));
      store<f32>(dx + q, gw * s - k1 - (load<f32>(x + q) - m) * k2);
    }
  }
}

/**
 * Layer norm's parameter gradients: dw[d] = Σ_r g·(x - mean[r])·invStd[r], db[d] = Σ_r g, over
 * rows in order, accumulated in float64 in acc (2·D doubles of scratch). dw or db 0: skipped.
 */
export function layerNormParamGrads(g: usize, x: usize, mean: usize, invStd: usize, dw: usize, db: usize, acc: usize, R: i32, D: i32): void {
  memory.fill(acc, 0, <usize>(2 * D) << 3);
  const accB = acc + (<usize>D << 3);
  for (let r = 0; r < R; r++) {
    const m = <f64>load<f32>(mean + (<usize>r << 2));
    const s = <f64>load<f32>(invStd + (<usize>r << 2));
    const off = <usize>(r * D) << 2;
    for (let d = 0; d < D; d++) {
      const gv = <f64>load<f32>(g + off + (<usize>d << 2));
      const q = <usize>d << 3;
      store<f64>(acc + q, load<f64>(acc + q) + gv * ((<f64>load<f32>(x + off + (<usize>d << 2)) - m) * s));
      store<f64>(accB + q, load<f64>(accB + q) + gv);
    }
  }
  for (let d = 0; d < D; d++) {
    if (dw != 0) store<f32>(dw + (<usize>d << 2), <f32>load<f64>(acc + (<usize>d << 3)));
    if (db != 0) store<f32>(db + (<usize>d << 2), <f32>load<f64>(accB + (<usize>d << 3)));
  }
}
