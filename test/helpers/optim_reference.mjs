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
  // √v times the reciprocal of √(1 − β2ᵗ), rounded once per step (the kernel spares a division so).
  const invBc2Sqrt = 1 / Math.sqrt(1 - power(b2, step));
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
    const denom = f(f(f(Math.sqrt(second)) * f(invBc2Sqrt)) + f(o.eps));
    p[i] = f(p[i] + f(f(f(-stepSize) * m[i]) / denom));
  }
}

export function adamw(p, g, state, o) {
  adam(p, g, state, o, true);
}

export function adagrad(p, g, state, o) {
  if (state.step === undefined) {
    state.step = 0;
    state.sum = new Float32Array(p.length).fill(o.initialAccumulatorValue);
  }
  const step = ++state.step;
  const clr = o.lr / (1 + (step - 1) * o.lrDecay);
  for (let i = 0; i < p.length; i++) {
    const d = effectiveGrad(p, g, i, o);
    state.sum[i] = f(state.sum[i] + f(d * d));
    const std = f(f(Math.sqrt(state.sum[i])) + f(o.eps));
    p[i] = f(p[i] + f(f(f(-clr) * d) / std));
  }
}

export function rmsprop(p, g, state, o) {
  if (state.squareAvg === undefined) {
    state.squareAvg = zerosLike(p);
    if (o.momentum > 0) state.momentumBuffer = zerosLike(p);
    if (o.centered) state.gradAvg = zerosLike(p);
  }
  const { squareAvg: sq, gradAvg: avg, momentumBuffer: buf } = state;
  const a = f(o.alpha);
  const b = f(1 - o.alpha);
  for (let i = 0; i < p.length; i++) {
    const d = effectiveGrad(p, g, i, o);
    sq[i] = f(f(sq[i] * a) + f(f(b * d) * d));
    let denom;
    if (o.centered) {
      avg[i] = f(f(avg[i] * a) + f(b * d));
      denom = f(Math.sqrt(f(sq[i] - f(avg[i] * avg[i]))));
    } else {
      denom = f(Math.sqrt(sq[i]));
    }
    denom = f(denom + f(o.eps));
    if (o.momentum > 0) {
      buf[i] = f(f(buf[i] * f(o.momentum)) + f(d / denom));
      p[i] = f(p[i] + f(f(-o.lr) * buf[i]));
    } else {
      p[i] = f(p[i] + f(f(f(-o.lr) * d) / denom));
    }
  }
}

export function adadelta(p, g, state, o) {
  if (state.squareAvg === undefined) {
    state.squareAvg = zerosLike(p);
    state.accDelta = zerosLike(p);
  }
  const { squareAvg: sq, accDelta: acc } = state;
  const rho = f(o.rho);
  const c = f(1 - o.rho);
  const eps = f(o.eps);
  for (let i = 0; i < p.length; i++) {
    const d = effectiveGrad(p, g, i, o);
    sq[i] = f(f(sq[i] * rho) + f(f(c * d) * d));
    const std = f(Math.sqrt(f(sq[i] + eps)));
    const delta = f(f(f(Math.sqrt(f(acc[i] + eps))) / std) * d);
    acc[i] = f(f(acc[i] * rho) + f(f(c * delta) * delta));
    p[i] = f(p[i] + f(f(-o.lr) * delta));
  }
}

export function adamax(p, g, state, o) {
  if (state.step === undefined) {
    state.step = 0;
    state.expAvg = zerosLike(p);
    state.expInf = zerosLike(p);
  }
  const step = ++state.step;
  const [b1, b2] = o.betas;
  const clr = o.lr / (1 - power(b1, step));
  for (let i = 0; i < p.length; i++) {
    const d = effectiveGrad(p, g, i, o);
    state.expAvg[i] = f(f(state.expAvg[i] * f(b1)) + f(f(1 - b1) * d));
    const decayed = f(state.expInf[i] * f(b2));
    const fresh = f(Math.abs(d) + f(o.eps));
    state.expInf[i] = Number.isNaN(decayed) || Number.isNaN(fresh) ? NaN : Math.max(decayed, fresh);
    p[i] = f(p[i] + f(f(f(-clr) * state.expAvg[i]) / state.expInf[i]));
  }
}

/** 0.96^x from the platform's Math.pow: a reference independent of the library's own pow. */
function momentumFactor(x) {
  return Math.pow(0.96, x);
}

export function nadam(p, g, state, o) {
  if (state.step === undefined) {
    state.step = 0;
    state.muProduct = 1;
    state.expAvg = zerosLike(p);
    state.expAvgSq = zerosLike(p);
  }
  const step = ++state.step;
  const [b1, b2] = o.betas;
  const bc2 = 1 - power(b2, step);
  const mu = b1 * (1 - 0.5 * momentumFactor(step * o.momentumDecay));
  const muNext = b1 * (1 - 0.5 * momentumFactor((step + 1) * o.momentumDecay));
  state.muProduct = f(state.muProduct * f(mu));
  const muProductNext = f(f(state.muProduct * f(mu)) * f(muNext));
  const c1 = f((-o.lr * (1 - mu)) / (1 - state.muProduct));
  const c2 = f((-o.lr * muNext) / (1 - muProductNext));
  const { expAvg: m, expAvgSq: v } = state;
  for (let i = 0; i < p.length; i++) {
    const d = effectiveGrad(p, g, i, { ...o, maximize: false });
    m[i] = f(f(m[i] * f(b1)) + f(f(1 - b1) * d));
    v[i] = f(f(v[i] * f(b2)) + f(f(f(1 - b2) * d) * d));
    const denom = f(f(Math.sqrt(f(v[i] / f(bc2)))) + f(o.eps));
    p[i] = f(p[i] + f(f(c1 * d) / denom));
    p[i] = f(p[i] + f(f(c2 * m[i]) / denom));
  }
}

export function radam(p, g, state, o) {
  if (state.step === undefined) {
    state.step = 0;
    state.expAvg = zerosLike(p);
    state.expAvgSq = zerosLike(p);
  }
  const step = ++state.step;
  const [b1, b2] = o.betas;
  const bc1 = 1 - power(b1, step);
  const bc2 = 1 - power(b2, step);
  const rhoInf = 2 / (1 - b2) - 1;
  const rhoT = rhoInf - (2 * step * power(b2, step)) / bc2;
  const rect = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
  const { expAvg: m, expAvgSq: v } = state;
  for (let i = 0; i < p.length; i++) {
    const d = effectiveGrad(p, g, i, { ...o, maximize: false });
    m[i] = f(f(m[i] * f(b1)) + f(f(1 - b1) * d));
    v[i] = f(f(v[i] * f(b2)) + f(f(f(1 - b2) * d) * d));
    let step = f(f(m[i] / f(bc1)) * f(o.lr));
    if (rhoT > 5) {
      const adaptive = f(f(1 / f(f(Math.sqrt(v[i])) + f(o.eps))) * f(Math.sqrt(bc2)));
      step = f(f(step * adaptive) * f(rect));
    }
    p[i] = f(p[i] - step);
  }
}

export function lion(p, g, state, o) {
  if (state.expAvg === undefined) state.expAvg = zerosLike(p);
  const m = state.expAvg;
  const [b1, b2] = o.betas;
  for (let i = 0; i < p.length; i++) {
    p[i] = f(p[i] * f(1 - o.lr * o.weightDecay));
    const c = f(f(m[i] * f(b1)) + f(f(1 - b1) * g[i]));
    const sign = Number.isNaN(c) ? NaN : c > 0 ? 1 : c < 0 ? -1 : 0;
    p[i] = f(p[i] + f(f(-o.lr) * sign));
    m[i] = f(f(m[i] * f(b2)) + f(f(1 - b2) * g[i]));
  }
}

/** torch.sign: 1, -1 or 0 (0 at NaN, as torch 1.13's sign on CPU). */
function torchSign(x) {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

export function rprop(p, g, state, o) {
  if (state.prev === undefined) {
    state.prev = zerosLike(p);
    state.stepSize = new Float32Array(p.length).fill(o.lr);
  }
  const [etaMinus, etaPlus] = o.etas;
  const [stepMin, stepMax] = o.stepSizes;
  const { prev, stepSize } = state;
  for (let i = 0; i < p.length; i++) {
    const d = o.maximize ? -g[i] : g[i];
    const s = torchSign(f(d * prev[i]));
    const factor = s > 0 ? f(etaPlus) : s < 0 ? f(etaMinus) : 1;
    const scaled = f(stepSize[i] * factor);
    stepSize[i] = Number.isNaN(scaled) ? NaN : Math.min(Math.max(scaled, f(stepMin)), f(stepMax));
    const kept = s < 0 ? 0 : d;
    p[i] = f(p[i] - f(torchSign(kept) * stepSize[i]));
    prev[i] = kept;
  }
}

/**
 * One ASGD update of p and the average ax with the step η and weight μ in `state.eta`/`state.mu`
 * (the caller supplies them: their schedule is checked against torch separately).
 */
export function asgd(p, g, state, o) {
  if (state.ax === undefined) state.ax = zerosLike(p);
  const { ax, eta, mu } = state;
  for (let i = 0; i < p.length; i++) {
    const d = effectiveGrad(p, g, i, o);
    p[i] = f(f(p[i] * f(1 - o.lambd * eta)) + f(f(-eta) * d));
    ax[i] = mu === 1 ? p[i] : f(ax[i] + f(f(p[i] - ax[i]) * f(mu)));
  }
}
