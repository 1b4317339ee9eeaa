// Plain JavaScript references of each optimizer's update, written from torch 1.13's
// single-tensor code, one float32 rounding (Math.fround) per torch tensor op. The tests hold
// the fused Wasm kernels bit-equal to these. Each takes float32 arrays p and g, the state
// object (created empty by the caller) and the group's options, and updates p and state.
const f = Math.fround;

/** base^n by repeated squaring (the same IEEE operations as the library's powInt). */
function power(base, n) {
  let r = 1;
  for (let b = base, k = n; k > 0; b *= b, k = Math.floor(k / 2)) if (k % 2 === 1) r *= b;
  return r;
}

function zerosLike(p) {
  return new Float32Array(p.length);
}

/** d = ±g (+ λ·p): the gradient after maximize and coupled weight decay, as torch computes it. */
function effectiveGrad(p, g, i, o) {
  let d = o.maximize ? -g[i] : g[i];
  if (o.weightDecay !== 0) d = f(d + f(f(o.weightDecay) * p[i]));
  return d;
}

export function sgd(p, g, state, o) {
  const first = o.momentum !== 0 && state.momentumBuffer === undefined;
  if (first) state.momentumBuffer = zerosLike(p);
  const buf = state.momentumBuffer;
  for (let i = 0; i < p.length; i++) {
    let d = effectiveGrad(p, g, i, o);
    if (o.momentum !== 0) {
      buf[i] = first ? d : f(f(buf[i] * f(o.momentum)) + f(f(1 - o.dampening) * d));
      d = o.nesterov ? f(d + f(f(o.momentum) * buf[i])) : buf[i];
    }
    p[i] = f(p[i] + f(f(-o.lr) * d));
  }
}

export function adam(p, g, state, o, decoupled = false) {
  if (state.step === undefined) {
    state.step = 0;
    state.expAvg = zerosLike(p);
    state.expAvgSq = zerosLike(p);
    if (o.amsgrad) state.maxExpAvgSq = zerosLike(p);
  }
  const step = ++state.step;
  const [b1, b2] = o.betas;
  const stepSize = o.lr / (1 - power(b1, step));
  const bc2Sqrt = Math.sqrt(1 - power(b2, step));
  const { expAvg: m, expAvgSq: v, maxExpAvgSq: vmax } = state;
  for (let i = 0; i < p.length; i++) {
    let grad;
    if (decoupled) {
      grad = o.maximize ? -g[i] : g[i];
      p[i] = f(p[i] * f(1 - o.lr * o.weightDecay));
    } else {
      grad = effectiveGrad(p, g, i, o);
    }
    m[i] = f(f(m[i] * f(b1)) + f(f(1 - b1) * grad));
    v[i] = f(f(v[i] * f(b2)) + f(f(f(1 - b2) * grad) * grad));
    let second = v[i];
    if (o.amsgrad) second = vmax[i] = Math.max(vmax[i], v[i]);
    const denom = f(f(f(Math.sqrt(second)) / f(bc2Sqrt)) + f(o.eps));
    p[i] = f(p[i] + f(f(f(-stepSize) * m[i]) / denom));
  }
}

export function adamw(p, g, state, o) {
  adam(p, g, state, o, true);
}
