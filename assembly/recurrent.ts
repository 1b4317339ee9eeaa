// Recurrent layers (torch.nn.RNN, LSTM, GRU): one direction of one layer over a whole sequence.
// The input projection xp [T, B, G·H] (x·W_ihᵀ + bias, all steps in one product) is computed
// before; here each step does the recurrent product h·W_hhᵀ (the blocked matmul) and then every
// gate nonlinearity of the step in one fused f32x4 pass (our own sigmoid/tanh). The backward
// walks the steps in reverse with one fused pass per step and one product for the recurrent
// gradient. `reverse` = 1 runs time backwards (the `_reverse` direction); outputs stay in time order.
//
// Layouts: hs, cs [T, B, H]; acts [T, B, G·H] (saved activations); gates row b = [i f g o] (LSTM),
// [r z n] (GRU, acts adds h·W_hnᵀ + b_hn as a fourth block), [a] (RNN).
import { matmul, matmulTransposedB } from './matmul';
import { sigmoid32, sigmoid32x4, tanh32, tanh32x4 } from './math';
import { V_ONE, splat, zeros } from './math/simd';

// @ts-ignore: decorator
@inline function at(base: usize, index: i32): usize { return base + (<usize>index << 2); }

// @ts-ignore: decorator
@inline function stepOf(s: i32, T: i32, reverse: i32): i32 { return reverse != 0 ? T - 1 - s : s; }

/** The state before step t (in processing order): h0/c0 at the first step, else the neighbour step. */
// @ts-ignore: decorator
@inline function prevOf(states: usize, initial: usize, t: i32, s: i32, reverse: i32, BH: i32): usize {
  if (s == 0) return initial;
  return at(states, (reverse != 0 ? t + 1 : t - 1) * BH);
}

// ---- LSTM ----

/** hs, cs [T,B,H] and acts [T,B,4H] (i, f, g, o after their nonlinearities); gates: B·4H scratch. */
export function lstmForward(xp: usize, whh: usize, h0: usize, c0: usize, hs: usize, cs: usize, acts: usize,
  gates: usize, T: i32, B: i32, H: i32, reverse: i32, scratch: usize): void {
  const BH = B * H;
  const G = 4 * H;
  for (let s = 0; s < T; s++) {
    const t = stepOf(s, T, reverse);
    const hp = prevOf(hs, h0, t, s, reverse, BH);
    const cp = prevOf(cs, c0, t, s, reverse, BH);
    matmulTransposedB(hp, whh, gates, B, H, G, scratch);
    const xt = at(xp, t * B * G);
    const at_ = at(acts, t * B * G);
    for (let b = 0; b < B; b++) {
      const gr = at(gates, b * G);
      const xr = at(xt, b * G);
      const ar = at(at_, b * G);
      const cpr = at(cp, b * H);
      const cr = at(cs, t * BH + b * H);
      const hr = at(hs, t * BH + b * H);
      let j = 0;
      for (; j + 4 <= H; j += 4) {
        const q = <usize>j << 2;
        const hq = <usize>H << 2;
        const i = sigmoid32x4(f32x4.add(v128.load(gr + q), v128.load(xr + q)));
        const f = sigmoid32x4(f32x4.add(v128.load(gr + hq + q), v128.load(xr + hq + q)));
        const g = tanh32x4(f32x4.add(v128.load(gr + 2 * hq + q), v128.load(xr + 2 * hq + q)));
        const o = sigmoid32x4(f32x4.add(v128.load(gr + 3 * hq + q), v128.load(xr + 3 * hq + q)));
        const c = f32x4.add(f32x4.mul(f, v128.load(cpr + q)), f32x4.mul(i, g));
        v128.store(ar + q, i);
        v128.store(ar + hq + q, f);
        v128.store(ar + 2 * hq + q, g);
        v128.store(ar + 3 * hq + q, o);
        v128.store(cr + q, c);
        v128.store(hr + q, f32x4.mul(o, tanh32x4(c)));
      }
      for (; j < H; j++) {
        const i = sigmoid32(load<f32>(at(gr, j)) + load<f32>(at(xr, j)));
        const f = sigmoid32(load<f32>(at(gr, H + j)) + load<f32>(at(xr, H + j)));
        const g = tanh32(load<f32>(at(gr, 2 * H + j)) + load<f32>(at(xr, 2 * H + j)));
        const o = sigmoid32(load<f32>(at(gr, 3 * H + j)) + load<f32>(at(xr, 3 * H + j)));
        const c = f * load<f32>(at(cpr, j)) + i * g;
        store<f32>(at(ar, j), i);
        store<f32>(at(ar, H + j), f);
        store<f32>(at(ar, 2 * H + j), g);
        store<f32>(at(ar, 3 * H + j), o);
        store<f32>(at(cr, j), c);
        store<f32>(at(hr, j), o * tanh32(c));
      }
    }
  }
}

/**
 * The backward of lstmForward: from dhs, dcs [T,B,H] (gradients of the outputs) writes dgates
 * [T,B,4H] (gradient of the pre-activations = of xp and of h·W_hhᵀ) and leaves dh0, dc0 in dh, dc
 * (B·H each, zeroed here first).
 */
export function lstmBackward(whh: usize, c0: usize, cs: usize, acts: usize, dhs: usize, dcs: usize,
  dgates: usize, dh: usize, dc: usize, T: i32, B: i32, H: i32, reverse: i32, scratch: usize): void {
  const BH = B * H;
  const G = 4 * H;
  memory.fill(dh, 0, <usize>BH << 2);
  memory.fill(dc, 0, <usize>BH << 2);
  for (let s = T - 1; s >= 0; s--) {
    const t = stepOf(s, T, reverse);
    const cp = prevOf(cs, c0, t, s, reverse, BH);
    const dgt = at(dgates, t * B * G);
    const at_ = at(acts, t * B * G);
    for (let b = 0; b < B; b++) {
      const ar = at(at_, b * G);
      const dr = at(dgt, b * G);
      const cpr = at(cp, b * H);
      const cr = at(cs, t * BH + b * H);
      const dhr = at(dh, b * H);
      const dcr = at(dc, b * H);
      const dhe = at(dhs, t * BH + b * H);
      const dce = at(dcs, t * BH + b * H);
      let j = 0;
      const one = splat(V_ONE);
      for (; j + 4 <= H; j += 4) {
        const q = <usize>j << 2;
        const hq = <usize>H << 2;
        const i = v128.load(ar + q);
        const f = v128.load(ar + hq + q);
        const g = v128.load(ar + 2 * hq + q);
        const o = v128.load(ar + 3 * hq + q);
        const tc = tanh32x4(v128.load(cr + q));
        const dht = f32x4.add(v128.load(dhr + q), v128.load(dhe + q));
        const dct = f32x4.add(f32x4.add(v128.load(dcr + q), v128.load(dce + q)),
          f32x4.mul(f32x4.mul(dht, o), f32x4.sub(one, f32x4.mul(tc, tc))));
        v128.store(dr + q, f32x4.mul(f32x4.mul(dct, g), f32x4.mul(i, f32x4.sub(one, i))));
        v128.store(dr + hq + q, f32x4.mul(f32x4.mul(dct, v128.load(cpr + q)), f32x4.mul(f, f32x4.sub(one, f))));
        v128.store(dr + 2 * hq + q, f32x4.mul(f32x4.mul(dct, i), f32x4.sub(one, f32x4.mul(g, g))));
        v128.store(dr + 3 * hq + q, f32x4.mul(f32x4.mul(dht, tc), f32x4.mul(o, f32x4.sub(one, o))));
        v128.store(dcr + q, f32x4.mul(dct, f));
      }
      for (; j < H; j++) {
        const i = load<f32>(at(ar, j));
        const f = load<f32>(at(ar, H + j));
        const g = load<f32>(at(ar, 2 * H + j));
        const o = load<f32>(at(ar, 3 * H + j));
        const tc = tanh32(load<f32>(at(cr, j)));
        const dht = load<f32>(at(dhr, j)) + load<f32>(at(dhe, j));
        const dct = (load<f32>(at(dcr, j)) + load<f32>(at(dce, j))) + (dht * o) * (<f32>1 - tc * tc);
        store<f32>(at(dr, j), (dct * g) * (i * (<f32>1 - i)));
        store<f32>(at(dr, H + j), (dct * load<f32>(at(cpr, j))) * (f * (<f32>1 - f)));
        store<f32>(at(dr, 2 * H + j), (dct * i) * (<f32>1 - g * g));
        store<f32>(at(dr, 3 * H + j), (dht * tc) * (o * (<f32>1 - o)));
        store<f32>(at(dcr, j), dct * f);
      }
    }
    matmul(dgt, whh, dh, B, G, H, scratch);
  }
}

// ---- GRU ----

/**
 * torch's GRU: r = σ(x_r + h·W_hrᵀ + b_hr), z = σ(x_z + …), n = tanh(x_n + r·(h·W_hnᵀ + b_hn)),
 * h' = (1 - z)·n + z·h. xp holds x·W_ihᵀ + b_ih; bhh may be 0 (no bias). acts [T,B,4H] = r, z, n,
 * h·W_hnᵀ + b_hn. hp: B·3H scratch.
 */
export function gruForward(xp: usize, whh: usize, bhh: usize, h0: usize, hs: usize, acts: usize, hp: usize,
  T: i32, B: i32, H: i32, reverse: i32, scratch: usize): void {
  const BH = B * H;
  const G = 3 * H;
  for (let s = 0; s < T; s++) {
    const t = stepOf(s, T, reverse);
    const hprev = prevOf(hs, h0, t, s, reverse, BH);
    matmulTransposedB(hprev, whh, hp, B, H, G, scratch);
    for (let b = 0; b < B; b++) {
      const pr = at(hp, b * G);
      const xr = at(xp, t * B * G + b * G);
      const ar = at(acts, t * B * 4 * H + b * 4 * H);
      const hpr = at(hprev, b * H);
      const hr = at(hs, t * BH + b * H);
      let j = 0;
      const one = splat(V_ONE);
      for (; j + 4 <= H; j += 4) {
        const q = <usize>j << 2;
        const hq = <usize>H << 2;
        let br = zeros(), bz = zeros(), bn = zeros();
        if (bhh != 0) {
          br = v128.load(bhh + q);
          bz = v128.load(bhh + hq + q);
          bn = v128.load(bhh + 2 * hq + q);
        }
        const r = sigmoid32x4(f32x4.add(v128.load(xr + q), f32x4.add(v128.load(pr + q), br)));
        const z = sigmoid32x4(f32x4.add(v128.load(xr + hq + q), f32x4.add(v128.load(pr + hq + q), bz)));
        const hn = f32x4.add(v128.load(pr + 2 * hq + q), bn);
        const n = tanh32x4(f32x4.add(v128.load(xr + 2 * hq + q), f32x4.mul(r, hn)));
        v128.store(ar + q, r);
        v128.store(ar + hq + q, z);
        v128.store(ar + 2 * hq + q, n);
        v128.store(ar + 3 * hq + q, hn);
        v128.store(hr + q, f32x4.add(f32x4.mul(f32x4.sub(one, z), n), f32x4.mul(z, v128.load(hpr + q))));
      }
      for (; j < H; j++) {
        const br: f32 = bhh != 0 ? load<f32>(at(bhh, j)) : 0;
        const bz: f32 = bhh != 0 ? load<f32>(at(bhh, H + j)) : 0;
        const bn: f32 = bhh != 0 ? load<f32>(at(bhh, 2 * H + j)) : 0;
        const r = sigmoid32(load<f32>(at(xr, j)) + (load<f32>(at(pr, j)) + br));
        const z = sigmoid32(load<f32>(at(xr, H + j)) + (load<f32>(at(pr, H + j)) + bz));
        const hn = load<f32>(at(pr, 2 * H + j)) + bn;
        const n = tanh32(load<f32>(at(xr, 2 * H + j)) + r * hn);
        store<f32>(at(ar, j), r);
        store<f32>(at(ar, H + j), z);
        store<f32>(at(ar, 2 * H + j), n);
        store<f32>(at(ar, 3 * H + j), hn);
        store<f32>(at(hr, j), (<f32>1 - z) * n + z * load<f32>(at(hpr, j)));
      }
    }
  }
}

/**
 * The backward of gruForward: dxp [T,B,3H] (gradient of x·W_ihᵀ + b_ih), dhp [T,B,3H] (gradient
 * of h·W_hhᵀ + b_hh) and dh0 left in dh (B·H); tmp: B·H scratch.
 */
export function gruBackward(whh: usize, h0: usize, hs: usize, acts: usize, dhs: usize, dxp: usize, dhp: usize,
  dh: usize, tmp: usize, T: i32, B: i32, H: i32, reverse: i32, scratch: usize): void {
  const BH = B * H;
  const G = 3 * H;
  memory.fill(dh, 0, <usize>BH << 2);
  for (let s = T - 1; s >= 0; s--) {
    const t = stepOf(s, T, reverse);
    const hprev = prevOf(hs, h0, t, s, reverse, BH);
    for (let b = 0; b < B; b++) {
      const ar = at(acts, t * B * 4 * H + b * 4 * H);
      const dxr = at(dxp, t * B * G + b * G);
      const dpr = at(dhp, t * B * G + b * G);
      const hpr = at(hprev, b * H);
      const dhr = at(dh, b * H);
      const dhe = at(dhs, t * BH + b * H);
      let j = 0;
      const one = splat(V_ONE);
      for (; j + 4 <= H; j += 4) {
        const q = <usize>j << 2;
        const hq = <usize>H << 2;
        const r = v128.load(ar + q);
        const z = v128.load(ar + hq + q);
        const n = v128.load(ar + 2 * hq + q);
        const hn = v128.load(ar + 3 * hq + q);
        const dht = f32x4.add(v128.load(dhr + q), v128.load(dhe + q));
        const dN = f32x4.mul(f32x4.mul(dht, f32x4.sub(one, z)), f32x4.sub(one, f32x4.mul(n, n)));
        const dZ = f32x4.mul(f32x4.mul(dht, f32x4.sub(v128.load(hpr + q), n)), f32x4.mul(z, f32x4.sub(one, z)));
        const dR = f32x4.mul(f32x4.mul(dN, hn), f32x4.mul(r, f32x4.sub(one, r)));
        v128.store(dxr + q, dR);
        v128.store(dxr + hq + q, dZ);
        v128.store(dxr + 2 * hq + q, dN);
        v128.store(dpr + q, dR);
        v128.store(dpr + hq + q, dZ);
        v128.store(dpr + 2 * hq + q, f32x4.mul(dN, r));
        v128.store(dhr + q, f32x4.mul(dht, z));
      }
      for (; j < H; j++) {
        const r = load<f32>(at(ar, j));
        const z = load<f32>(at(ar, H + j));
        const n = load<f32>(at(ar, 2 * H + j));
        const hn = load<f32>(at(ar, 3 * H + j));
        const dht = load<f32>(at(dhr, j)) + load<f32>(at(dhe, j));
        const dN = (dht * (<f32>1 - z)) * (<f32>1 - n * n);
        const dZ = (dht * (load<f32>(at(hpr, j)) - n)) * (z * (<f32>1 - z));
        const dR = (dN * hn) * (r * (<f32>1 - r));
        store<f32>(at(dxr, j), dR);
        store<f32>(at(dxr, H + j), dZ);
        store<f32>(at(dxr, 2 * H + j), dN);
        store<f32>(at(dpr, j), dR);
        store<f32>(at(dpr, H + j), dZ);
        store<f32>(at(dpr, 2 * H + j), dN * r);
        store<f32>(at(dhr, j), dht * z);
      }
    }
    matmul(at(dhp, t * B * G), whh, tmp, B, G, H, scratch);
    addInto(dh, tmp, BH);
  }
}

function addInto(dst: usize, src: usize, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const q = <usize>j << 2;
    v128.store(dst + q, f32x4.add(v128.load(dst + q), v128.load(src + q)));
  }
  for (; j < n; j++) store<f32>(at(dst, j), load<f32>(at(dst, j)) + load<f32>(at(src, j)));
}

// ---- Elman RNN ----

/** h' = act(xp_t + h·W_hhᵀ), act tanh (relu = 0) or relu (relu = 1); the bias is folded into xp. */
export function rnnForward(xp: usize, whh: usize, h0: usize, hs: usize, T: i32, B: i32, H: i32, relu: i32,
  reverse: i32, scratch: usize): void {
  const BH = B * H;
  for (let s = 0; s < T; s++) {
    const t = stepOf(s, T, reverse);
    const hprev = prevOf(hs, h0, t, s, reverse, BH);
    const hr = at(hs, t * BH);
    const xr = at(xp, t * BH);
    matmulTransposedB(hprev, whh, hr, B, H, H, scratch);
    let j = 0;
    for (; j + 4 <= BH; j += 4) {
      const q = <usize>j << 2;
      const a = f32x4.add(v128.load(xr + q), v128.load(hr + q));
      v128.store(hr + q, relu != 0 ? f32x4.max(a, zeros()) : tanh32x4(a));
    }
    for (; j < BH; j++) {
      const a = load<f32>(at(xr, j)) + load<f32>(at(hr, j));
      store<f32>(at(hr, j), relu != 0 ? (a > 0 ? a : <f32>0) : tanh32(a));
    }
  }
}

/** The backward of rnnForward: da [T,B,H] (gradient of the pre-activations) and dh0 in dh. */
export function rnnBackward(whh: usize, hs: usize, dhs: usize, da: usize, dh: usize, T: i32, B: i32, H: i32,
  relu: i32, reverse: i32, scratch: usize): void {
  const BH = B * H;
  memory.fill(dh, 0, <usize>BH << 2);
  const one = splat(V_ONE);
  for (let s = T - 1; s >= 0; s--) {
    const t = stepOf(s, T, reverse);
    const hr = at(hs, t * BH);
    const dr = at(da, t * BH);
    const dhe = at(dhs, t * BH);
    let j = 0;
    for (; j + 4 <= BH; j += 4) {
      const q = <usize>j << 2;
      const h = v128.load(hr + q);
      const dht = f32x4.add(v128.load(dh + q), v128.load(dhe + q));
      const d = relu != 0
        ? v128.and(dht, f32x4.gt(h, zeros()))
        : f32x4.mul(dht, f32x4.sub(one, f32x4.mul(h, h)));
      v128.store(dr + q, d);
    }
    for (; j < BH; j++) {
      const h = load<f32>(at(hr, j));
      const dht = load<f32>(at(dh, j)) + load<f32>(at(dhe, j));
      store<f32>(at(dr, j), relu != 0 ? (h > 0 ? dht : <f32>0) : dht * (<f32>1 - h * h));
    }
    matmul(dr, whh, dh, B, H, H, scratch);
  }
}
