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
  maxGradNorm: 0.4, // the gradient norm runs from about 0.25 to 0.7: about half the steps clip
});

/**
 * Trains a small three-layer network and returns the hash of its final parameters, with what
 * the tests check besides: the losses, the last learning rate, and in how many steps the
 * gradient was clipped.
 * @param d the descent namespace (`import * as d from 'descent-ml'`)
 * @returns {Promise<{ sha256: string, firstLoss: number, lastLoss: number, lastLr: number,
 *   clippedSteps: number, parameters: number }>}
 */
export async function reproducibleRun(d) {
  const S = SETTINGS;
  d.manualSeed(S.seed);

  const x = d.randn([S.samples, S.inputs], { seed: 1 });
  const labels = teacherLabels(d, x, S.classes);
  const params = [
    leaf(d, d.randn([S.inputs, S.hidden], { seed: 3 }), 0.5), // w1
    leaf(d, d.zeros([S.hidden]), 1), // b1
    leaf(d, d.randn([S.hidden, S.hidden], { seed: 4 }), 0.25), // w2
    leaf(d, d.rand([S.hidden], { seed: 5 }), 0.1), // b2
    leaf(d, d.zeros([1, S.hidden]), 1), // logScale
    leaf(d, d.randn([S.hidden, S.classes], { seed: 6 }), 0.25), // w3
    leaf(d, d.zeros([S.classes]), 1), // b3
  ];
  const optimizer = new d.optim.AdamW(params, { lr: S.lr, weightDecay: S.weightDecay });
  const schedule = new d.optim.lrScheduler.CosineAnnealingLR(optimizer, { tMax: S.steps, etaMin: S.etaMin });

  const losses = [];
  let clippedSteps = 0;
  for (let step = 0; step < S.steps; step++) {
    const loss = d.tidy(() => {
      optimizer.zeroGrad();
      const l = forwardLoss(d, params, x, labels);
      l.backward();
      if (d.nn.utils.clipGradNorm(params, S.maxGradNorm) > S.maxGradNorm) clippedSteps++;
      optimizer.step();
      return l.item();
    });
    losses.push(loss);
    schedule.step();
  }
  const sha256 = await hashFloat32(params.map((p) => p.toFloat32Array()));
  const result = {
    sha256,
    firstLoss: losses[0],
    lastLoss: losses[losses.length - 1],
    lastLr: optimizer.paramGroups[0].lr,
    clippedSteps,
    parameters: params.reduce((n, p) => n + p.size, 0),
  };
  optimizer.zeroGrad();
  optimizer.dispose();
  x.dispose();
  for (const p of params) p.dispose();
  return result;
}

function forwardLoss(d, params, x, labels) {
  const [w1, b1, w2, b2, logScale, w3, b3] = params;
  const h1 = x.matmul(w1).add(b1).gelu(); // [n,h] + [h] broadcasts
  const dropped = d.nn.functional.dropout(h1, SETTINGS.dropout, { training: true }); // global generator
  const h2 = dropped.matmul(w2).add(b2).tanh();
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
