// The digits CNN's training step (bench/lib/digits-cnn.mjs) written in @jax-js/jax for
// bench/layers.mjs: conv 1→16, batch norm, ReLU, conv 16→32, batch norm, ReLU, 2×2 max pool,
// dropout 0.25, linear 512→64, ReLU, linear 64→10, softmax cross-entropy, one Adam step
// (lr 1e-3), all on jax-js's wasm backend; the gradient by its valueAndGrad. Differences from
// descent's step that do not change the work much: batch norm keeps no running statistics
// (they do not enter a training step's result), the dropout mask is drawn once (in JS), and the
// initial weights are small pseudo-random values rather than torch's init.
// jax-js frees an array when it is used (ops consume their inputs): `.ref` keeps one for later.

/** Deterministic floats in [-0.1, 0.1) (an LCG; the values only need to be the same each run). */
function smallFloats(n, seed) {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648 - 0.5) * 0.2;
  });
}

const SHAPES = {
  w1: [16, 1, 3, 3], b1: [16], g1: [16], be1: [16], w2: [32, 16, 3, 3], b2: [32], g2: [32], be2: [32],
  fw1: [512, 64], fb1: [64], fw2: [64, 10], fb2: [10],
};

/** { run, dispose } for one training step at `batch` images of 8×8 (x in [0, 1], labels 0-9) per run. */
export function jaxCnnStep(jax, x, labels, batch) {
  const { numpy: np, lax, nn, valueAndGrad } = jax;
  const count = (shape) => shape.reduce((a, b) => a * b, 1);
  let params = Object.fromEntries(Object.entries(SHAPES).map(([k, shape], i) =>
    [k, k[0] === 'g' ? np.ones(shape) : np.array(smallFloats(count(shape), i + 1), { shape })]));
  const zeros = () => Object.fromEntries(Object.entries(SHAPES).map(([k, shape]) => [k, np.zeros(shape)]));
  const m = zeros();
  const v = zeros();
  const xs = np.array(x, { shape: [batch, 1, 8, 8] });
  const oneHot = nn.oneHot(np.array(labels, { dtype: np.int32 }), 10);
  const keep = np.array(Float32Array.from({ length: batch * 512 }, (_, i) => (Math.imul(i, 2654435761) >>> 0) % 4 === 0 ? 0 : 1 / 0.75), { shape: [batch, 512] });
  const batchNorm = (h, gamma, beta, C) => {
    const centred = h.sub(np.mean(h.ref, [0, 2, 3], { keepdims: true }));
    const variance = np.mean(np.square(centred.ref), [0, 2, 3], { keepdims: true });
    return centred.div(np.sqrt(variance.add(1e-5))).mul(gamma.reshape([1, C, 1, 1])).add(beta.reshape([1, C, 1, 1]));
  };
  const loss = (p) => {
    let h = lax.conv(xs.ref, p.w1, [1, 1], 'SAME').add(p.b1.reshape([1, 16, 1, 1]));
    h = nn.relu(batchNorm(h, p.g1, p.be1, 16));
    h = lax.conv(h, p.w2, [1, 1], 'SAME').add(p.b2.reshape([1, 32, 1, 1]));
    h = nn.relu(batchNorm(h, p.g2, p.be2, 32));
    h = np.max(h.reshape([batch, 32, 4, 2, 4, 2]), [3, 5]).reshape([batch, 512]).mul(keep.ref);
    h = nn.relu(np.matmul(h, p.fw1).add(p.fb1));
    const logits = np.matmul(h, p.fw2).add(p.fb2);
    return np.mean(np.sum(nn.logSoftmax(logits, -1).mul(oneHot.ref), -1)).mul(-1);
  };
  let t = 0;
  return {
    run: async () => {
      t++;
      const [value, grads] = valueAndGrad(loss)(Object.fromEntries(Object.entries(params).map(([k, a]) => [k, a.ref])));
      const next = {};
      for (const k of Object.keys(params)) {
        const g = grads[k];
        m[k] = m[k].mul(0.9).add(g.ref.mul(0.1));
        v[k] = v[k].mul(0.999).add(np.square(g).mul(0.001));
        const mHat = m[k].ref.mul(1 / (1 - 0.9 ** t));
        const vHat = v[k].ref.mul(1 / (1 - 0.999 ** t));
        next[k] = params[k].sub(mHat.div(np.sqrt(vHat).add(1e-8)).mul(1e-3));
      }
      params = next;
      await value.data(); // consumes value
      for (const k of Object.keys(params)) await params[k].ref.data(); // the step is done when the weights are
    },
    dispose: () => {
      for (const a of [...Object.values(params), ...Object.values(m), ...Object.values(v), xs, oneHot, keep]) a.dispose();
    },
  };
}
