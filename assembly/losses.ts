// Elementwise losses fused into one pass, with closed-form gradients.
import { exp32, exp32x4, log1pUnit, log1pUnitx4, sigmoid32, sigmoid32x4 } from './math';

// Binary cross-entropy on logits x against targets y, with optional elementwise weights w and
// positive-class weights pw (pointers of 0 mean all ones), as torch computes it:
//   lw = 1 + (pw - 1)·y
//   loss = w·((1 - y)·x + lw·(max(-x, 0) + log1p(e^-|x|)))
//   dloss/dx = w·(lw·sigmoid(x) - pw·y)
// e^-|x| never overflows, and at x = 0 or |x| = 1e30 the gradient is the exact limit.

// @ts-ignore: decorator
@inline function loadOr(p: usize, q: usize, fallback: v128): v128 {
  return p == 0 ? fallback : v128.load(p + q);
}

// @ts-ignore: decorator
@inline function loadOr1(p: usize, q: usize): f32 {
  return p == 0 ? <f32>1 : load<f32>(p + q);
}

/** Writes each element's loss to `out` and returns their sum (accumulated in f64, in order). */
export function bceWithLogits(x: usize, y: usize, w: usize, pw: usize, out: usize, n: i32): f64 {
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  let total: f64 = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const q = <usize>i << 2;
    const xv = v128.load(x + q);
    const yv = v128.load(y + q);
    const lw = f32x4.add(one, f32x4.mul(f32x4.sub(loadOr(pw, q, one), one), yv));
    const softplusNeg = f32x4.add(f32x4.max(f32x4.neg(xv), zero), log1pUnitx4(exp32x4(f32x4.neg(f32x4.abs(xv)))));
    let loss = f32x4.add(f32x4.mul(f32x4.sub(one, yv), xv), f32x4.mul(lw, softplusNeg));
    loss = f32x4.mul(loss, loadOr(w, q, one));
    v128.store(out + q, loss);
    total += <f64>f32x4.extract_lane(loss, 0);
    total += <f64>f32x4.extract_lane(loss, 1);
    total += <f64>f32x4.extract_lane(loss, 2);
    total += <f64>f32x4.extract_lane(loss, 3);
  }
  for (; i < n; i++) {
    const q = <usize>i << 2;
    const xs = load<f32>(x + q);
    const ys = load<f32>(y + q);
    const lw = <f32>1 + (loadOr1(pw, q) - 1) * ys;
    const softplusNeg = max<f32>(-xs, 0) + log1pUnit(exp32(-abs<f32>(xs)));
    const loss = ((<f32>1 - ys) * xs + lw * softplusNeg) * loadOr1(w, q);
    store<f32>(out + q, loss);
    total += <f64>loss;
  }
  return total;
}

/** grad = g·w·(lw·sigmoid(x) - pw·y), with g[i·gStride] (stride 0: one g for all). */
export function bceWithLogitsBackward(x: usize, y: usize, w: usize, pw: usize, g: usize, gStride: i32, grad: usize, n: i32): void {
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const q = <usize>i << 2;
    const yv = v128.load(y + q);
    const pwv = loadOr(pw, q, one);
    const lw = f32x4.add(one, f32x4.mul(f32x4.sub(pwv, one), yv));
    const gv = gStride == 0 ? v128.load32_splat(g) : v128.load(g + q);
    const d = f32x4.sub(f32x4.mul(lw, sigmoid32x4(v128.load(x + q))), f32x4.mul(pwv, yv));
    v128.store(grad + q, f32x4.mul(f32x4.mul(d, loadOr(w, q, one)), gv));
  }
  for (; i < n; i++) {
    const q = <usize>i << 2;
    const ys = load<f32>(y + q);
    const pws = loadOr1(pw, q);
    const lw = <f32>1 + (pws - 1) * ys;
    const gs = load<f32>(g + (<usize>(i * gStride) << 2));
    store<f32>(grad + q, (lw * sigmoid32(load<f32>(x + q)) - pws * ys) * loadOr1(w, q) * gs);
  }
}
