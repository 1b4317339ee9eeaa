// Pooling over planes: x is [P, H, W] with P = N·C (1-D pooling is H = 1). Windows start at
// oh·sh - ph, ow·sw - pw; sums run in float64 (torch's CPU accumulation type for float), in
// row-major window order; max pooling keeps the first maximum, and a NaN wins (as torch).

// @ts-ignore: decorator
@inline function maxI32(a: i32, b: i32): i32 {
  return a > b ? a : b;
}

// @ts-ignore: decorator
@inline function minI32(a: i32, b: i32): i32 {
  return a < b ? a : b;
}

/** One candidate of a max-pooling window, four windows at once: the first maximum wins, a NaN wins. */
// @ts-ignore: decorator
@inline function foldMax(best: v128, at: v128, v: v128, k: v128): v128 {
  return v128.bitselect(k, at, v128.or(f32x4.gt(v, best), f32x4.ne(v, v)));
}

// @ts-ignore: decorator
@inline function foldMaxValue(best: v128, v: v128): v128 {
  return v128.bitselect(v, best, v128.or(f32x4.gt(v, best), f32x4.ne(v, v)));
}

/**
 * The common 2×2, stride 2 window without padding or dilation, four outputs per step: the
 * even and odd columns of two input rows, folded in the scalar kernel's order (a, b, c, d).
 * Returns the first output column it did not do.
 */
// @ts-ignore: decorator
@inline function maxPool2x2Row(row0: usize, W: i32, oh: i32, Wo: i32, out: usize, idx: usize): i32 {
  const row1 = row0 + (<usize>W << 2);
  const base = 2 * oh * W;
  let ow = 0;
  for (; ow + 4 <= Wo; ow += 4) {
    const q = <usize>(2 * ow) << 2;
    const u0 = v128.load(row0 + q), u1 = v128.load(row0 + q, 16);
    const l0 = v128.load(row1 + q), l1 = v128.load(row1 + q, 16);
    const a = v128.shuffle<i32>(u0, u1, 0, 2, 4, 6), b = v128.shuffle<i32>(u0, u1, 1, 3, 5, 7);
    const c = v128.shuffle<i32>(l0, l1, 0, 2, 4, 6), d = v128.shuffle<i32>(l0, l1, 1, 3, 5, 7);
    const ka = i32x4.add(i32x4.splat(base + 2 * ow), i32x4(0, 2, 4, 6));
    const kb = i32x4.add(ka, i32x4.splat(1));
    const kc = i32x4.add(ka, i32x4.splat(W));
    const kd = i32x4.add(kc, i32x4.splat(1));
    let best = a;
    let at = ka;
    at = foldMax(best, at, b, kb);
    best = foldMaxValue(best, b);
    at = foldMax(best, at, c, kc);
    best = foldMaxValue(best, c);
    at = foldMax(best, at, d, kd);
    best = foldMaxValue(best, d);
    const o = <usize>(oh * Wo + ow) << 2;
    v128.store(out + o, best);
    v128.store(idx + o, at);
  }
  return ow;
}

/** out[p, oh, ow] = max over the dilated window; idx = the plane offset ih·W + iw of the max. */
export function maxPool2dForward(x: usize, out: usize, idx: usize, P: i32, H: i32, W: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32, Ho: i32, Wo: i32): void {
  const twoByTwo = kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0 && dh == 1 && dw == 1 && 2 * Ho <= H && 2 * Wo <= W;
  for (let p = 0; p < P; p++) {
    const plane = x + (<usize>(p * H * W) << 2);
    const o = <usize>(p * Ho * Wo) << 2;
    for (let oh = 0; oh < Ho; oh++) {
      let ih0 = oh * sh - ph;
      const ih1 = minI32(ih0 + (kh - 1) * dh + 1, H);
      while (ih0 < 0) ih0 += dh;
      const first = twoByTwo ? maxPool2x2Row(plane + (<usize>(2 * oh * W) << 2), W, oh, Wo, out + o, idx + o) : 0;
      for (let ow = first; ow < Wo; ow++) {
        let iw0 = ow * sw - pw;
        const iw1 = minI32(iw0 + (kw - 1) * dw + 1, W);
        while (iw0 < 0) iw0 += dw;
        let best = -Infinity as f32;
        let at = ih0 * W + iw0;
        for (let ih = ih0; ih < ih1; ih += dh) {
          for (let iw = iw0; iw < iw1; iw += dw) {
            const k = ih * W + iw;
            const v = load<f32>(plane + (<usize>k << 2));
            // Branch-free: which element wins is data-dependent, a branch would mispredict.
            const wins = v > best || v != v;
            best = select<f32>(v, best, wins);
            at = select<i32>(k, at, wins);
          }
        }
        const q = o + (<usize>(oh * Wo + ow) << 2);
        store<f32>(out + q, best);
        store<i32>(idx + q, at);
      }
    }
  }
}

/** dx[p, idx[p, o]] += g[p, o] (dx zeroed first): the gradient of max pooling. */
export function maxPoolScatter(g: usize, idx: usize, dx: usize, P: i32, HW: i32, L: i32): void {
  memory.fill(dx, 0, <usize>(P * HW) << 2);
  for (let p = 0; p < P; p++) {
    const plane = dx + (<usize>(p * HW) << 2);
    const base = <usize>(p * L) << 2;
    for (let o = 0; o < L; o++) {
      const q = base + (<usize>o << 2);
      const to = plane + (<usize>load<i32>(idx + q) << 2);
      store<f32>(to, load<f32>(to) + load<f32>(g + q));
    }
  }
}

/** out[p, o] = x[p, idx[p, o]]: the transpose of maxPoolScatter. */
export function maxPoolGather(x: usize, idx: usize, out: usize, P: i32, HW: i32, L: i32): void {
  for (let p = 0; p < P; p++) {
    const plane = x + (<usize>(p * HW) << 2);
    const base = <usize>(p * L) << 2;
    for (let o = 0; o < L; o++) {
      const q = base + (<usize>o << 2);
      store<f32>(out + q, load<f32>(plane + (<usize>load<i32>(idx + q) << 2)));
    }
  }
}

/**
 * torch's divisor of an average-pooling window starting at (ih0, iw0): the window clipped to the
 * padded image (countIncludePad) or to the image itself; 0 when the window holds no input.
 */
// @ts-ignore: decorator
@inline function avgDivisor(ih0: i32, iw0: i32, kh: i32, kw: i32, H: i32, W: i32, ph: i32, pw: i32, includePad: bool): i32 {
  const ih1 = minI32(ih0 + kh, H + ph);
  const iw1 = minI32(iw0 + kw, W + pw);
  const poolSize = (ih1 - ih0) * (iw1 - iw0);
  const h0 = maxI32(ih0, 0), w0 = maxI32(iw0, 0), h1 = minI32(ih1, H), w1 = minI32(iw1, W);
  if (h0 >= h1 || w0 >= w1) return 0;
  return includePad ? poolSize : (h1 - h0) * (w1 - w0);
}

/**
 * Average pooling's two directions over the same windows: forward, out = the window's sum
 * (float64) / its divisor (0 for a window outside the image); backward, dx (zeroed first) +=
 * g / divisor over each window. The flag is a constant at each call and folds away.
 */
// @ts-ignore: decorator
@inline function avgWindows(forward: bool, src: usize, dst: usize, P: i32, H: i32, W: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, Ho: i32, Wo: i32, includePad: bool): void {
  if (!forward) memory.fill(dst, 0, <usize>(P * H * W) << 2);
  for (let p = 0; p < P; p++) {
    const plane = (forward ? src : dst) + (<usize>(p * H * W) << 2);
    const pooled = (forward ? dst : src) + (<usize>(p * Ho * Wo) << 2);
    for (let oh = 0; oh < Ho; oh++) {
      const ih0 = oh * sh - ph;
      const h0 = maxI32(ih0, 0), h1 = minI32(minI32(ih0 + kh, H + ph), H);
      for (let ow = 0; ow < Wo; ow++) {
        const iw0 = ow * sw - pw;
        const div = avgDivisor(ih0, iw0, kh, kw, H, W, ph, pw, includePad);
        const at = pooled + (<usize>(oh * Wo + ow) << 2);
        if (div == 0) {
          if (forward) store<f32>(at, 0);
          continue;
        }
        const w0 = maxI32(iw0, 0), w1 = minI32(minI32(iw0 + kw, W + pw), W);
        if (forward) {
          let sum: f64 = 0;
          for (let ih = h0; ih < h1; ih++) {
            for (let iw = w0; iw < w1; iw++) sum += <f64>load<f32>(plane + (<usize>(ih * W + iw) << 2));
          }
          store<f32>(at, <f32>(sum / <f64>div));
        } else {
          addToWindow(plane, W, h0, h1, w0, w1, load<f32>(at) / <f32>div);
        }
      }
    }
  }
}

/** plane[ih, iw] += delta over the window [h0, h1) × [w0, w1). */
// @ts-ignore: decorator
@inline function addToWindow(plane: usize, W: i32, h0: i32, h1: i32, w0: i32, w1: i32, delta: f32): void {
  for (let ih = h0; ih < h1; ih++) {
    for (let iw = w0; iw < w1; iw++) {
      const to = plane + (<usize>(ih * W + iw) << 2);
      store<f32>(to, load<f32>(to) + delta);
    }
  }
}

/** out[p, oh, ow] = the window's sum / its divisor (0 for a window outside the image). */
export function avgPool2dForward(x: usize, out: usize, P: i32, H: i32, W: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, Ho: i32, Wo: i32, countIncludePad: i32): void {
  avgWindows(true, x, out, P, H, W, kh, kw, sh, sw, ph, pw, Ho, Wo, countIncludePad != 0);
}

/** The gradient of avgPool2dForward: dx (zeroed first) += g / divisor over each window. */
export function avgPool2dBackward(g: usize, dx: usize, P: i32, H: i32, W: i32, kh: i32, kw: i32,
  sh: i32, sw: i32, ph: i32, pw: i32, Ho: i32, Wo: i32, countIncludePad: i32): void {
  avgWindows(false, g, dx, P, H, W, kh, kw, sh, sw, ph, pw, Ho, Wo, countIncludePad != 0);
}

// Adaptive windows: output index a of b over an input of c spans [⌊a·c/b⌋, ⌈(a+1)·c/b⌉).
// @ts-ignore: decorator
@inline function startIndex(a: i32, b: i32, c: i32): i32 {
  return (a * c) / b;
}

// @ts-ignore: decorator
@inline function endIndex(a: i32, b: i32, c: i32): i32 {
  return ((a + 1) * c + b - 1) / b;
}

/**
 * Adaptive average pooling's two directions: forward, out = the window's mean (float64 sum);
 * backward, dx (zeroed first) += g / kh / kw over each window.
 */
// @ts-ignore: decorator
@inline function adaptiveWindows(forward: bool, src: usize, dst: usize, P: i32, H: i32, W: i32, Ho: i32, Wo: i32): void {
  if (!forward) memory.fill(dst, 0, <usize>(P * H * W) << 2);
  for (let p = 0; p < P; p++) {
    const plane = (forward ? src : dst) + (<usize>(p * H * W) << 2);
    const pooled = (forward ? dst : src) + (<usize>(p * Ho * Wo) << 2);
    for (let oh = 0; oh < Ho; oh++) {
      const h0 = startIndex(oh, Ho, H), h1 = endIndex(oh, Ho, H);
      for (let ow = 0; ow < Wo; ow++) {
        const w0 = startIndex(ow, Wo, W), w1 = endIndex(ow, Wo, W);
        const at = pooled + (<usize>(oh * Wo + ow) << 2);
        if (forward) {
          let sum: f64 = 0;
          for (let ih = h0; ih < h1; ih++) {
            for (let iw = w0; iw < w1; iw++) sum += <f64>load<f32>(plane + (<usize>(ih * W + iw) << 2));
          }
          store<f32>(at, <f32>(sum / <f64>((h1 - h0) * (w1 - w0))));
        } else {
          addToWindow(plane, W, h0, h1, w0, w1, load<f32>(at) / <f32>(h1 - h0) / <f32>(w1 - w0));
        }
      }
    }
  }
}

/** out[p, oh, ow] = the mean of the adaptive window (summed in float64). */
export function adaptiveAvgPool2dForward(x: usize, out: usize, P: i32, H: i32, W: i32, Ho: i32, Wo: i32): void {
  adaptiveWindows(true, x, out, P, H, W, Ho, Wo);
}

/** The gradient of adaptiveAvgPool2dForward: dx (zeroed first) += g / kh / kw over each window. */
export function adaptiveAvgPool2dBackward(g: usize, dx: usize, P: i32, H: i32, W: i32, Ho: i32, Wo: i32): void {
  adaptiveWindows(false, g, dx, P, H, W, Ho, Wo);
}
