// The benchmark cases. Each case names its work (flops, or bytes moved) and gives, per library,
// a setup(lib) returning { run, dispose }: run() does one operation and frees its result, so
// both libraries pay for allocating and releasing their outputs, as a program does. `threads`
// (descent only) is the thread count descent runs the case with; `goal` ties a case to a row
// of the goal table (bench/lib/report.mjs).
import { inputData } from './lib/libraries.mjs';

const VARIANTS = {
  AB: { label: 'A·B', ta: false, tb: false, op: 'matmul' },
  ATB: { label: 'Aᵀ·B', ta: true, tb: false, op: 'matmulTransposedA' },
  ABT: { label: 'A·Bᵀ', ta: false, tb: true, op: 'matmulTransposedB' },
};

/** op(A)[m,k]·op(B)[k,n], A stored [k,m] when ta and B stored [n,k] when tb; the same operands every call. */
function matmulCase(group, name, m, k, n, key, extra = {}) {
  const v = VARIANTS[key];
  const shapeA = v.ta ? [k, m] : [m, k];
  const shapeB = v.tb ? [n, k] : [k, n];
  const a = inputData(m * k, 1);
  const b = inputData(k * n, 2);
  return {
    group, name, flops: 2 * m * k * n, ...extra,
    setup: {
      descent: (d) => {
        const A = d.tensor(a, { shape: shapeA });
        const B = d.tensor(b, { shape: shapeB });
        const op = d[v.op];
        return { run: () => op(A, B).dispose(), dispose: () => { A.dispose(); B.dispose(); } };
      },
      'tfjs-wasm': (tf) => {
        const A = tf.tensor(a, shapeA);
        const B = tf.tensor(b, shapeB);
        return { run: () => tf.matMul(A, B, v.ta, v.tb).dispose(), dispose: () => { A.dispose(); B.dispose(); } };
      },
    },
  };
}

function matmuls() {
  const cases = [];
  for (const n of [32, 64, 128, 256, 512, 1024]) {
    const goal = n === 512 ? 'matmul512' : n === 64 ? 'matmul64' : undefined;
    cases.push(matmulCase('matmul', `matmul ${n}² A·B`, n, n, n, 'AB', { goal, size: n }));
  }
  // TF.js wasm's transposed products are 5-25x slower than its plain one; two sizes show it.
  for (const n of [64, 256]) {
    for (const key of ['ATB', 'ABT']) cases.push(matmulCase('matmul', `matmul ${n}² ${VARIANTS[key].label}`, n, n, n, key, { size: n }));
  }
  return cases;
}

/**
 * A·B with B made afresh from a Float32Array every call (both libraries pay the upload): with
 * the same B tensor, TF.js's wasm backend keeps its packed copy of B between calls (XNNPACK
 * operator caching), which training, where weights change every step, never sees.
 */
function freshOperandMatmuls() {
  return [64, 512].map((n) => {
    const a = inputData(n * n, 1);
    const b = inputData(n * n, 2);
    return {
      group: 'matmul-fresh', name: `matmul ${n}² A·B, B made afresh each call`, flops: 2 * n ** 3, size: n,
      setup: {
        descent: (d) => {
          const A = d.tensor(a, { shape: [n, n] });
          return { run: () => { const B = d.tensor(b, { shape: [n, n] }); d.matmul(A, B).dispose(); B.dispose(); }, dispose: () => A.dispose() };
        },
        'tfjs-wasm': (tf) => {
          const A = tf.tensor(a, [n, n]);
          return { run: () => { const B = tf.tensor(b, [n, n]); tf.matMul(A, B).dispose(); B.dispose(); }, dispose: () => A.dispose() };
        },
      },
    };
  });
}

/** The products of a 784-256-10 MLP at batch 128, torch's layout (weight [out, in]). */
function mlpMatmuls() {
  const batch = 128;
  return [
    matmulCase('mlp-matmul', 'layer 1 forward x·W₁ᵀ [128,784]·[784,256]', batch, 784, 256, 'ABT'),
    matmulCase('mlp-matmul', 'layer 1 backward G·W₁ [128,256]·[256,784]', batch, 256, 784, 'AB'),
    matmulCase('mlp-matmul', 'layer 1 backward Gᵀ·X [256,128]·[128,784]', 256, batch, 784, 'ATB'),
    matmulCase('mlp-matmul', 'layer 2 forward h·W₂ᵀ [128,256]·[256,10]', batch, 256, 10, 'ABT'),
  ];
}

const sizeLabel = (n) => (n >= 1048576 ? `${n / 1048576}M` : `${n / 1024}K`);

/** Binary ops on two same-shape tensors, unary and reductions; bytes counts what the op must read and write. */
function elementwise() {
  const cases = [];
  const binary = (op, size, goal) => {
    const x = inputData(size, 3);
    const y = inputData(size, 4);
    const make = (lib) => {
      const a = lib.tensor(x);
      const b = lib.tensor(y);
      return { run: () => lib[op](a, b).dispose(), dispose: () => { a.dispose(); b.dispose(); } };
    };
    return { group: 'elementwise', name: `${op} ${sizeLabel(size)}`, bytes: 12 * size, goal, setup: { descent: make, 'tfjs-wasm': make } };
  };
  const single = (group, op, size, bytesPer) => {
    const x = inputData(size, 3);
    const make = (lib) => {
      const a = lib.tensor(x);
      return { run: () => lib[op](a).dispose(), dispose: () => a.dispose() };
    };
    return { group, name: `${op} ${sizeLabel(size)}`, bytes: bytesPer * size, setup: { descent: make, 'tfjs-wasm': make } };
  };
  for (const size of [1024, 16384]) cases.push(binary('add', size));
  for (const size of [65536, 1048576]) {
    cases.push(binary('add', size, 'addmul'), binary('mul', size, 'addmul'));
  }
  for (const size of [65536, 1048576]) cases.push(single('elementwise', 'exp', size, 8), single('reduction', 'sum', size, 4));
  return cases;
}

/** One tiny op (16 elements): almost all of it is the JavaScript path. */
function dispatch() {
  const x = inputData(16, 5);
  const y = inputData(16, 6);
  const plain = (lib) => {
    const a = lib.tensor(x);
    const b = lib.tensor(y);
    return { run: () => lib.add(a, b).dispose(), dispose: () => { a.dispose(); b.dispose(); } };
  };
  const tidy = (lib) => {
    const a = lib.tensor(x);
    const b = lib.tensor(y);
    return { run: () => lib.tidy(() => { lib.add(a, b); }), dispose: () => { a.dispose(); b.dispose(); } };
  };
  return [
    { group: 'dispatch', name: 'tiny op: add of 16 elements, then dispose', goal: 'tiny', setup: { descent: plain, 'tfjs-wasm': plain } },
    { group: 'dispatch', name: 'tiny op: add of 16 elements inside tidy', setup: { descent: tidy, 'tfjs-wasm': tidy } },
  ];
}

/**
 * One training step of a ReLU MLP sizes[0]-sizes[1]-sizes[2]: forward, mean cross-entropy,
 * backward, Adam (lr 1e-3), both libraries from the same weights and data; descent with
 * nn.Sequential/nn.Linear/optim.Adam inside tidy, TF.js with variables and
 * tf.train.adam(1e-3).minimize over tf.losses.softmaxCrossEntropy (one-hot labels).
 */
function mlpStep(name, [nIn, nHidden, nOut], batch, extra) {
  const x = inputData(batch * nIn, 7);
  const labels = Int32Array.from({ length: batch }, (_, i) => (i * 7) % nOut);
  const w1 = inputData(nHidden * nIn, 8).map((v) => v * 0.05);
  const w2 = inputData(nOut * nHidden, 9).map((v) => v * 0.1);
  const descent = (d) => {
    const model = new d.nn.Sequential(new d.nn.Linear(nIn, nHidden), new d.nn.ReLU(), new d.nn.Linear(nHidden, nOut));
    model.loadStateDict({ '0.weight': w1, '0.bias': new Float32Array(nHidden), '2.weight': w2, '2.bias': new Float32Array(nOut) });
    const optimizer = new d.optim.Adam(model.parameters(), { lr: 1e-3 });
    const input = d.tensor(x, { shape: [batch, nIn] });
    return {
      run: () => d.tidy(() => {
        optimizer.zeroGrad();
        d.nn.functional.crossEntropy(model.forward(input), labels).backward();
        optimizer.step();
      }),
      dispose: () => {
        input.dispose();
        optimizer.dispose?.();
        for (const p of model.parameters()) p.dispose();
      },
    };
  };
  const tfjs = (tf) => {
    // TF.js's layout is [in, out]: the same numbers, transposed.
    const W1 = tf.variable(tf.tidy(() => tf.transpose(tf.tensor(w1, [nHidden, nIn]))));
    const B1 = tf.variable(tf.zeros([nHidden]));
    const W2 = tf.variable(tf.tidy(() => tf.transpose(tf.tensor(w2, [nOut, nHidden]))));
    const B2 = tf.variable(tf.zeros([nOut]));
    const input = tf.tensor(x, [batch, nIn]);
    const oneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), nOut));
    const optimizer = tf.train.adam(1e-3);
    const loss = () => {
      const h = tf.relu(tf.add(tf.matMul(input, W1), B1));
      return tf.losses.softmaxCrossEntropy(oneHot, tf.add(tf.matMul(h, W2), B2));
    };
    return {
      run: () => optimizer.minimize(loss, false, [W1, B1, W2, B2]),
      dispose: () => {
        for (const t of [W1, B1, W2, B2, input, oneHot]) t.dispose();
        optimizer.dispose();
      },
    };
  };
  return { group: 'training', name, ...extra, setup: { descent, 'tfjs-wasm': tfjs } };
}

function training() {
  return [
    mlpStep('MLP 784-256-10 step, batch 128 (forward, cross-entropy, backward, Adam)', [784, 256, 10], 128, { goal: 'mlp784' }),
    mlpStep('MLP 64-64-10 step, batch 64 (digits-sized)', [64, 64, 10], 64, { goal: 'mlp64' }),
  ];
}

/** One Adam step over 1M parameters (gradient given): descent's fused kernel against TF.js's Adam. */
function optimizer() {
  const n = 1 << 20;
  const p0 = inputData(n, 1);
  const g0 = inputData(n, 2);
  return [{
    group: 'optimizer', name: 'Adam step, 1M parameters', bytes: 28 * n, goal: 'adam',
    setup: {
      descent: (d) => {
        const p = d.tensor(p0, { requiresGrad: true });
        p.grad = d.tensor(g0);
        const opt = new d.optim.Adam([p], { lr: 1e-3 });
        return { run: () => opt.step(), dispose: () => { opt.dispose?.(); p.grad?.dispose(); p.dispose(); } };
      },
      'tfjs-wasm': (tf) => {
        const v = tf.variable(tf.tensor1d(p0));
        const g = tf.tensor1d(g0);
        const opt = tf.train.adam(1e-3);
        return { run: () => opt.applyGradients({ [v.name]: g }), dispose: () => { opt.dispose(); g.dispose(); v.dispose(); } };
      },
    },
  }];
}

/** The cases descent also runs on a pool of workers (d.setNumThreads(2)), against the same TF.js. */
function threaded() {
  const matmul = matmulCase('threads', 'matmul 512² A·B, 2 threads', 512, 512, 512, 'AB', { goal: 'matmul512x2', size: 512, threads: 2 });
  const mlp = mlpStep('MLP 784-256-10 step, batch 128, 2 threads', [784, 256, 10], 128, { goal: 'mlp784x2', threads: 2 });
  return [matmul, { ...mlp, group: 'threads' }];
}

export function allCases() {
  return [...matmuls(), ...freshOperandMatmuls(), ...mlpMatmuls(), ...elementwise(), ...dispatch(), ...training(), ...optimizer(), ...threaded()];
}
