// Bit identity across thread counts: the same computations at 1, 2 and 3 threads must give the
// same bits. Every case is large enough that the pool splits it (src/backend: products of at
// least 4 MFLOP, binary passes of 512K elements, unary ones of 256K, optimizer updates of 128K): all three
// matmul variants and the batched product, elementwise and unary passes with their backward, a
// convolution forward (bands of images) with its gradients (input: bands of images; weight:
// columns by bands of images, the product by bands of rows), the digits CNN's training step, an MLP training step (forward,
// cross-entropy, backward, Adam), an LSTM backward, a transformer layer's forward and backward
// (the attention softmax split in row bands) and a whole d.fit.
//
// Takes the descent namespace as an argument and imports nothing, so every runtime's runner
// (a Node test, a page, a Deno or Bun script, a workerd worker) can hand it its own.

/** FNV-1a over the bytes of float32 arrays: equal hashes mean equal bits (in practice). */
function hashFloats(arrays) {
  let h = 0x811c9dc5;
  for (const a of arrays) {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (let i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * `steps` Adam steps (lr 1e-3) of crossEntropy(model(x), labels (i·7) mod 10) over x's batch;
 * returns the parameters' values.
 */
function adamSteps(d, model, x, steps) {
  const optimizer = new d.optim.Adam(model.parameters(), { lr: 1e-3 });
  const labels = Int32Array.from({ length: x.shape[0] }, (_, i) => (i * 7) % 10);
  for (let step = 0; step < steps; step++) {
    d.tidy(() => {
      optimizer.zeroGrad();
      d.nn.functional.crossEntropy(model.forward(x), labels).backward();
      optimizer.step();
    });
  }
  return model.parameters().map((p) => p.toFloat32Array());
}

/** Deterministic floats in [-1, 1) (xorshift32), the same in every runtime. */
function floats(n, seed) {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    out[i] = (s / 4294967296) * 2 - 1;
  }
  return out;
}

/** Each case returns the float arrays whose bits must not depend on the thread count. */
const CASES = {
  matmul(d) {
    const a = d.tensor(floats(96 * 300, 1), { shape: [96, 300] });
    const b = d.tensor(floats(300 * 200, 2), { shape: [300, 200] });
    const at = d.tensor(floats(300 * 96, 3), { shape: [300, 96] });
    const bt = d.tensor(floats(200 * 300, 4), { shape: [200, 300] });
    const outs = [d.matmul(a, b), d.matmulTransposedA(at, b), d.matmulTransposedB(a, bt)];
    const result = outs.map((t) => t.toFloat32Array());
    for (const t of [a, b, at, bt, ...outs]) t.dispose();
    return result;
  },
  batchedMatmul(d) {
    const a = d.tensor(floats(8 * 40 * 120, 5), { shape: [8, 40, 120] });
    const b = d.tensor(floats(8 * 120 * 90, 6), { shape: [8, 120, 90] });
    const c = d.matmul(a, b);
    const result = [c.toFloat32Array()];
    for (const t of [a, b, c]) t.dispose();
    return result;
  },
  elementwise(d) {
    const n = 600001; // ten bands and a tail: pooled as a binary pass (512K) and a unary one (256K)
    const x = d.tensor(floats(n, 7), { requiresGrad: true });
    const y = d.tensor(floats(n, 8));
    const parts = [];
    const keep = (t) => (parts.push(t), t);
    const z = keep(keep(keep(keep(d.mul(x, y)).add(0.5)).tanh()).exp()).sub(y);
    const loss = z.sum();
    loss.backward();
    const result = [z.toFloat32Array(), x.grad.toFloat32Array()];
    for (const t of [x, y, z, loss, ...parts]) t.dispose();
    return result;
  },
  conv2d(d) {
    // Forward (pooled by bands of images), input and weight gradients, with bias; 'same' and strided.
    const x = d.tensor(floats(16 * 8 * 20 * 20, 18), { shape: [16, 8, 20, 20], requiresGrad: true });
    const w = d.tensor(floats(16 * 8 * 3 * 3, 19).map((v) => v * 0.2), { shape: [16, 8, 3, 3], requiresGrad: true });
    const b = d.tensor(floats(16, 20), { requiresGrad: true });
    const y = d.nn.functional.conv2d(x, w, b, { padding: 'same' });
    const z = d.nn.functional.conv2d(x, w, b, { stride: 2, padding: 1 });
    // Groups 2 with stride 1 and no padding (Ho < H): the transposed forward from columns, and
    // grouped input and weight gradients, all pooled.
    const wg = d.tensor(floats(32 * 4 * 3 * 3, 21).map((v) => v * 0.2), { shape: [32, 4, 3, 3], requiresGrad: true });
    const u = d.nn.functional.conv2d(x, wg, null, { groups: 2 });
    const loss = y.square().sum().add(z.sum()).add(u.mul(u).mean());
    loss.backward();
    const result = [y, z, u, x.grad, w.grad, b.grad, wg.grad].map((t) => t.toFloat32Array());
    for (const t of [x, w, b, wg, y, z, u, loss]) t.dispose();
    return result;
  },
  cnnStep(d) {
    // Two Adam steps of the digits CNN (examples/cnn-digits.mjs) at batch 64: the second
    // convolution's forward (bands of images), input gradient (bands of images) and weight
    // gradient (columns by bands of images, the product by bands of rows) go to the pool.
    const nn = d.nn;
    const model = new nn.Sequential(
      new nn.Conv2d(1, 16, 3, { padding: 1, seed: 21 }), new nn.BatchNorm2d(16), new nn.ReLU(),
      new nn.Conv2d(16, 32, 3, { padding: 1, seed: 22 }), new nn.BatchNorm2d(32), new nn.ReLU(), new nn.MaxPool2d(2),
      new nn.Flatten(), new nn.Dropout(0.25, { seed: 23 }),
      new nn.Linear(512, 64, { seed: 24 }), new nn.ReLU(), new nn.Linear(64, 10, { seed: 25 }),
    );
    const x = d.tensor(floats(64 * 64, 26).map((v) => (v + 1) / 2), { shape: [64, 1, 8, 8] });
    const result = adamSteps(d, model, x, 2);
    x.dispose();
    model.dispose();
    return result;
  },
  mlpStep(d) {
    const model = new d.nn.Sequential(new d.nn.Linear(256, 160), new d.nn.ReLU(), new d.nn.Linear(160, 10));
    model.loadStateDict({
      '0.weight': floats(160 * 256, 9).map((v) => v * 0.06), '0.bias': floats(160, 10).map((v) => v * 0.1),
      '2.weight': floats(10 * 160, 11).map((v) => v * 0.08), '2.bias': new Float32Array(10),
    });
    const input = d.tensor(floats(128 * 256, 12), { shape: [128, 256] });
    const result = adamSteps(d, model, input, 3);
    input.dispose();
    for (const p of model.parameters()) p.dispose();
    return result;
  },
  lstmStep(d) {
    // The input projection (1024×64 by 64×512) and the weight gradients are pooled products; the
    // scan itself runs on the calling thread.
    const lstm = new d.nn.LSTM(64, 128, { bidirectional: true, seed: 18 });
    const x = d.tensor(floats(16 * 64 * 64, 19), { shape: [16, 64, 64], requiresGrad: true });
    const r = d.tensor(floats(16 * 64 * 256, 20), { shape: [16, 64, 256] });
    d.tidy(() => lstm.forward(x)[0].mul(r).sum().backward());
    const result = [x.grad.toFloat32Array(), ...lstm.parameters().map((p) => p.grad.toFloat32Array())];
    for (const t of [x.grad, x, r]) t.dispose();
    lstm.dispose();
    return result;
  },
  adamLarge(d) {
    const p = d.tensor(floats(200003, 13), { requiresGrad: true });
    p.grad = d.tensor(floats(200003, 14));
    const optimizer = new d.optim.Adam([p], { lr: 1e-2, weightDecay: 0.01 });
    for (let i = 0; i < 3; i++) optimizer.step();
    const result = [p.toFloat32Array()];
    p.grad.dispose();
    p.dispose();
    return result;
  },
  attention(d) {
    // A transformer layer step: the masked softmax (2,048 rows of 64 with key padding and the
    // causal pattern) is split in row bands, its backward too, beside the products.
    const layer = new d.nn.TransformerEncoderLayer(64, 4, { dimFeedforward: 128, dropout: 0, batchFirst: true, seed: 18 });
    const pad = Array.from({ length: 8 }, (_, b) => Array.from({ length: 64 }, (_, s) => s > 40 + 3 * b));
    const result = d.tidy(() => {
      const x = d.tensor(floats(8 * 64 * 64, 19), { shape: [8, 64, 64], requiresGrad: true });
      const y = layer.forward(x, { isCausal: true, srcKeyPaddingMask: pad });
      y.square().mean().backward();
      return [y.toFloat32Array(), x.grad.toFloat32Array(), ...layer.parameters().map((p) => p.grad.toFloat32Array())];
    });
    layer.dispose();
    return result;
  },
  fit(d) {
    const x = d.tensor(floats(512 * 64, 15), { shape: [512, 64] });
    const labels = Int32Array.from({ length: 512 }, (_, i) => (i * 3) % 5);
    d.manualSeed(7);
    const model = new d.nn.Sequential(new d.nn.Linear(64, 192), new d.nn.Tanh(), new d.nn.Linear(192, 5));
    model.loadStateDict({
      '0.weight': floats(192 * 64, 16).map((v) => v * 0.1), '0.bias': new Float32Array(192),
      '2.weight': floats(5 * 192, 17).map((v) => v * 0.1), '2.bias': new Float32Array(5),
    });
    const optimizer = new d.optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
    const data = new d.data.DataLoader({ x, y: labels }, { batchSize: 256, shuffle: true, seed: 3 });
    const history = d.fit(model, optimizer, { data, loss: 'crossEntropy', epochs: 2, progress: false });
    const result = [...model.parameters().map((p) => p.toFloat32Array()), Float32Array.from(history.loss)];
    for (const t of [x, ...model.parameters()]) t.dispose();
    return result;
  },
};

/**
 * Runs every case at each thread count and returns { threads: counts in use, hashes: { case:
 * [hash per count] } }; the caller checks that each row holds one value. afterLargest() runs
 * right after the cases at the largest count, before the pool is stopped.
 */
export async function threadIdentity(d, counts = [1, 2, 3], afterLargest = () => {}) {
  const threads = [];
  const hashes = Object.fromEntries(Object.keys(CASES).map((k) => [k, []]));
  try {
    for (const n of counts) {
      threads.push(await d.setNumThreads(n));
      for (const [name, run] of Object.entries(CASES)) hashes[name].push(hashFloats(run(d)));
      if (n === Math.max(...counts)) afterLargest();
    }
  } finally {
    await d.setNumThreads(1);
  }
  return { threads, hashes };
}
