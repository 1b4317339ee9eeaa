// A fixed training run that touches every kernel family, and the SHA-256 of its final
// parameters. Every runtime (Node, Chromium, Deno, Bun, workerd) runs this same module with
// its own copy of descent and must print the same hash: descent's claim is that a training
// run gives the same bits everywhere.
//
// What it exercises: matmul (2-D), broadcasting adds and multiplies, exp / log / tanh / gelu,
// the fused softmax cross-entropy, dropout drawing from the seeded global generator, AdamW
// with a cosine learning-rate schedule, and gradient clipping by global norm.
//
// This file takes the descent namespace as an argument and imports nothing, so that every
// runner (a Node test, a page, a Deno or Bun script, a workerd worker) can hand it its own.

export const SETTINGS = Object.freeze({
  seed: 20240611,
  samples: 64,
  inputs: 8,
  hidden: 16,
  classes: 4,
  steps: 24,
  dropout: 0.25,
  lr: 0.05,
  etaMin: 0.002,
  weightDecay: 0.01,
  maxGradNorm: 1.0,
});

/**
 * Trains a small three-layer network and returns the hash of its final parameters.
 * @param d the descent namespace (`import * as d from 'descent'`)
 * @returns {Promise<{ sha256: string, firstLoss: number, lastLoss: number, parameters: number, fallbacks: string[] }>}
 */
export async function reproducibleRun(d) {
  const S = SETTINGS;
  const ops = resolveOps(d);
  d.manualSeed(S.seed);

  const x = d.randn([S.samples, S.inputs], { seed: 1 });
  const labels = teacherLabels(d, x, S.classes);
  // w1, b1, w2, b2, logScale, w3, b3
  const list = [
    leaf(d, d.randn([S.inputs, S.hidden], { seed: 3 }), 0.5),
    leaf(d, d.zeros([S.hidden]), 1),
    leaf(d, d.randn([S.hidden, S.hidden], { seed: 4 }), 0.25),
    leaf(d, d.rand([S.hidden], { seed: 5 }), 0.1),
    leaf(d, d.zeros([1, S.hidden]), 1),
    leaf(d, d.randn([S.hidden, S.classes], { seed: 6 }), 0.25),
    leaf(d, d.zeros([S.classes]), 1),
  ];
  const optimizer = ops.adamW(list, { lr: S.lr, weightDecay: S.weightDecay });
  const schedule = ops.cosineSchedule(optimizer, { tMax: S.steps, etaMin: S.etaMin });

  const losses = [];
  for (let step = 0; step < S.steps; step++) {
    const loss = d.tidy(() => {
      optimizer.zeroGrad();
      const l = forwardLoss(d, ops, list, x, labels);
      l.backward();
      ops.clipGradNorm(list, S.maxGradNorm);
      optimizer.step();
      return l;
    });
    losses.push(loss.item());
    loss.dispose();
    schedule.step();
  }
  const sha256 = await hashFloat32(list.map((p) => p.toFloat32Array()));
  const parameters = list.reduce((n, p) => n + p.size, 0);
  x.dispose();
  for (const p of list) p.dispose();
  return { sha256, firstLoss: losses[0], lastLoss: losses[losses.length - 1], parameters, fallbacks: ops.fallbacks };
}

function forwardLoss(d, ops, params, x, labels) {
  const [w1, b1, w2, b2, logScale, w3, b3] = params;
  const h1 = ops.gelu(x.matmul(w1).add(b1)); // [n,h] + [h] broadcasts
  const dropped = ops.dropout(h1, SETTINGS.dropout); // the global generator, seeded above
  const h2 = ops.tanh(dropped.matmul(w2).add(b2));
  const scaled = h2.mul(logScale.exp()); // [n,h] * [1,h] broadcasts
  const logits = scaled.matmul(w3).add(b3);
  const penalty = w3.mul(w3).add(1).log().mean().mul(0.01);
  return d.nn.functional.crossEntropy(logits, labels).add(penalty);
}

// Labels from a fixed random teacher: argmax over classes of x·T.
function teacherLabels(d, x, classes) {
  return d.tidy(() => {
    const teacher = d.randn([x.shape[1], classes], { seed: 2 });
    const scores = x.matmul(teacher).toFloat32Array();
    const labels = new Int32Array(x.shape[0]);
    for (let i = 0; i < labels.length; i++) {
      let best = 0;
      for (let c = 1; c < classes; c++) if (scores[i * classes + c] > scores[i * classes + best]) best = c;
      labels[i] = best;
    }
    return labels;
  });
}

function leaf(d, init, scale) {
  const values = d.tidy(() => init.mul(scale).toFloat32Array());
  init.dispose();
  return d.tensor(values, { shape: init.shape, requiresGrad: true });
}

/** SHA-256 of the little-endian float32 bytes of `arrays`, concatenated, as hex. */
export async function hashFloat32(arrays) {
  const total = arrays.reduce((n, a) => n + a.length, 0);
  const bytes = new Uint8Array(4 * total);
  const view = new DataView(bytes.buffer);
  let at = 0;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++, at += 4) view.setFloat32(at, a[i], true);
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

// The ops the run needs. Some land on main later than this harness; until they do, each
// missing one is composed here from existing tensor ops and named in `fallbacks`, and the
// runtimes test refuses a run that used any.
function resolveOps(d) {
  const fallbacks = [];
  const use = (name, real, stand) => {
    if (real) return real;
    fallbacks.push(name);
    return stand;
  };
  const tanh = use('tanh', d.tanh, (t) => d.sub(1, d.div(2, t.mul(2).exp().add(1))));
  const gelu = use('gelu', d.gelu, (t) => {
    // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
    const inner = t.add(t.mul(t).mul(t).mul(0.044715)).mul(0.7978845608028654);
    return t.mul(0.5).mul(tanh(inner).add(1));
  });
  const dropout = use('dropout', d.nn.functional.dropout && ((t, p) => d.nn.functional.dropout(t, p, { training: true })),
    (t, p) => t.mul(d.rand(t.shape).ge(p).mul(1 / (1 - p))));
  const clipGradNorm = use('clipGradNorm', d.nn.utils?.clipGradNorm, (params, maxNorm) => {
    let sq = 0;
    for (const q of params) if (q.grad) sq += q.grad.mul(q.grad).sum().item();
    const norm = Math.sqrt(sq);
    const coef = maxNorm / (norm + 1e-6);
    if (coef < 1) for (const q of params) if (q.grad) q.grad = q.grad.mul(coef);
    return norm;
  });
  const adamW = use('AdamW', d.optim?.AdamW && ((ps, o) => new d.optim.AdamW(ps, o)), (ps, o) => new FallbackAdamW(d, ps, o));
  const cosineSchedule = use('CosineAnnealingLR', d.optim?.lrScheduler?.CosineAnnealingLR &&
    ((opt, o) => new d.optim.lrScheduler.CosineAnnealingLR(opt, o)), () => ({ step() {} }));
  return { tanh, gelu, dropout, clipGradNorm, adamW, cosineSchedule, fallbacks };
}

// torch.optim.AdamW's update composed from tensor ops, a stand-in until d.optim lands. With no
// public in-place write, it replaces each parameter in `params` (an array the run re-reads).
class FallbackAdamW {
  constructor(d, params, { lr, weightDecay }) {
    Object.assign(this, { d, params, lr, weightDecay, t: 0 });
    this.m = params.map((p) => d.zeros(p.shape));
    this.v = params.map((p) => d.zeros(p.shape));
  }
  zeroGrad() {
    for (const p of this.params) {
      if (p.grad) p.grad.dispose();
      p.grad = null;
    }
  }
  step() {
    const d = this.d;
    this.t++;
    const c1 = 1 - 0.9 ** this.t;
    const c2 = 1 - 0.999 ** this.t;
    this.params.forEach((p, i) => d.noGrad(() => {
      const g = p.grad;
      const m = this.m[i].mul(0.9).add(g.mul(0.1));
      const v = this.v[i].mul(0.999).add(g.mul(g).mul(0.001));
      const update = m.div(c1).div(v.div(c2).pow(0.5).add(1e-8)).mul(this.lr);
      const next = p.mul(1 - this.lr * this.weightDecay).sub(update).toFloat32Array();
      this.m[i].dispose();
      this.v[i].dispose();
      this.m[i] = d.keep(d.tensor(m.toFloat32Array(), { shape: p.shape }));
      this.v[i] = d.keep(d.tensor(v.toFloat32Array(), { shape: p.shape }));
      for (const t of [m, v, update]) t.dispose();
      this.params[i] = d.keep(d.tensor(next, { shape: p.shape, requiresGrad: true }));
      p.dispose();
    }));
  }
}
