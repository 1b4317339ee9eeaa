// The benchmark cases. Each case names its work (flops, or bytes moved) and gives, per library,
// a setup(lib) returning { run, dispose }: run() does one operation and frees its result, so
// every library pays for allocating and releasing its output, as a real program would.
import { inputData } from './lib/libraries.mjs';

const MATMUL_SIZES = [32, 64, 128, 256, 512, 1024];
// TF.js cpu needs about a second per 512² product, and TF.js wasm's transposed products are an
// order of magnitude slower than its plain one (seconds at 1024²): beyond these sizes only
// descent runs, to keep the whole bench to a few minutes.
const CPU_MATMUL_LIMIT = 256;
const TFJS_TRANSPOSED_LIMIT = 256;
const ELEMENT_SIZES = [1024, 16384, 262144, 4194304];
const VARIANTS = [
  { key: 'AB', label: 'A·B', ta: false, tb: false },
  { key: 'ATB', label: 'Aᵀ·B', ta: true, tb: false },
  { key: 'ABT', label: 'A·Bᵀ', ta: false, tb: true },
];
const DESCENT_OP = { AB: 'matmul', ATB: 'matmulTransposedA', ABT: 'matmulTransposedB' };

/** A matmul case op(A)[m,k]·op(B)[k,n] with A stored [k,m] when ta and B stored [n,k] when tb. */
function matmulCase(group, name, m, k, n, variant, { wasm = true, cpu = true, extra = {} } = {}) {
  const shapeA = variant.ta ? [k, m] : [m, k];
  const shapeB = variant.tb ? [n, k] : [k, n];
  const a = inputData(m * k, 1);
  const b = inputData(k * n, 2);
  return {
    group,
    name,
    variant: variant.key,
    shape: { m, k, n },
    flops: 2 * m * k * n,
    ...extra,
    setup: {
      descent: (d) => {
        const A = d.tensor(a, { shape: shapeA });
        const B = d.tensor(b, { shape: shapeB });
        const op = d[DESCENT_OP[variant.key]];
        return { run: () => op(A, B).dispose(), dispose: () => { A.dispose(); B.dispose(); } };
      },
      'tfjs-wasm': wasm ? (tf) => tfMatmul(tf, a, b, shapeA, shapeB, variant) : null,
      'tfjs-cpu': cpu ? (tf) => tfMatmul(tf, a, b, shapeA, shapeB, variant) : null,
    },
  };
}

function tfMatmul(tf, a, b, shapeA, shapeB, variant) {
  const A = tf.tensor(a, shapeA);
  const B = tf.tensor(b, shapeB);
  return { run: () => tf.matMul(A, B, variant.ta, variant.tb).dispose(), dispose: () => { A.dispose(); B.dispose(); } };
}

function squareMatmuls() {
  const cases = [];
  for (const n of MATMUL_SIZES) {
    for (const variant of VARIANTS) {
      cases.push(matmulCase('matmul', `matmul ${n}² ${variant.label}`, n, n, n, variant, {
        wasm: variant.key === 'AB' || n <= TFJS_TRANSPOSED_LIMIT,
        cpu: n <= CPU_MATMUL_LIMIT && (variant.key === 'AB' || n <= 128),
        extra: { size: n },
      }));
    }
  }
  return cases;
}

/**
 * Square A·B with B made afresh from a Float32Array for every call (both libraries pay that
 * upload): TF.js's wasm backend keeps its packed copy of B across calls while B's tensor lives
 * (XNNPACK operator caching), which the same-operand cases above let it use; here it cannot,
 * as in training, where the weights change every step.
 */
function freshOperandMatmuls() {
  return [64, 256, 512].map((n) => {
    const a = inputData(n * n, 1);
    const b = inputData(n * n, 2);
    return {
      group: 'matmul-fresh',
      name: `matmul ${n}² A·B, B made afresh each call`,
      variant: 'AB',
      size: n,
      shape: { m: n, k: n, n },
      flops: 2 * n ** 3,
      setup: {
        descent: (d) => {
          const A = d.tensor(a, { shape: [n, n] });
          return {
            run: () => {
              const B = d.tensor(b, { shape: [n, n] });
              d.matmul(A, B).dispose();
              B.dispose();
            },
            dispose: () => A.dispose(),
          };
        },
        'tfjs-wasm': (tf) => {
          const A = tf.tensor(a, [n, n]);
          return {
            run: () => {
              const B = tf.tensor(b, [n, n]);
              tf.matMul(A, B).dispose();
              B.dispose();
            },
            dispose: () => A.dispose(),
          };
        },
      },
    };
  });
}

/**
 * The products of a 784-256-10 MLP at batch 128, in torch's layout (weight [out, in]): the
 * forward product x·Wᵀ, and the two backward products dX = G·W and dW = Gᵀ·X, for both layers.
 */
function mlpMatmuls() {
  const [AB, ATB, ABT] = VARIANTS;
  const batch = 128;
  return [
    matmulCase('mlp-matmul', 'layer 1 forward x·W₁ᵀ [128,784]·[784,256]', batch, 784, 256, ABT),
    matmulCase('mlp-matmul', 'layer 1 backward G·W₁ [128,256]·[256,784]', batch, 256, 784, AB),
    matmulCase('mlp-matmul', 'layer 1 backward Gᵀ·X [256,128]·[128,784]', 256, batch, 784, ATB),
    matmulCase('mlp-matmul', 'layer 2 forward h·W₂ᵀ [128,256]·[256,10]', batch, 256, 10, ABT),
    matmulCase('mlp-matmul', 'layer 2 backward G·W₂ [128,10]·[10,256]', batch, 10, 256, AB),
    matmulCase('mlp-matmul', 'layer 2 backward Gᵀ·H [10,128]·[128,256]', 10, batch, 256, ATB),
  ];
}

function sizeLabel(n) {
  return n >= 1048576 ? `${n / 1048576}M` : `${n / 1024}K`;
}

/** Elementwise and reduction cases; bytes counts what the op must read and write. */
function elementwise() {
  const cases = [];
  for (const size of ELEMENT_SIZES) {
    const x = inputData(size, 3);
    const y = inputData(size, 4);
    const both = (make) => ({ descent: make.descent, 'tfjs-wasm': make.tf, 'tfjs-cpu': make.tf });
    cases.push({
      group: 'elementwise', name: `add ${sizeLabel(size)}`, op: 'add', elements: size, bytes: 12 * size, stream: 'triad',
      setup: both({
        descent: (d) => {
          const a = d.tensor(x);
          const b = d.tensor(y);
          return { run: () => d.add(a, b).dispose(), dispose: () => { a.dispose(); b.dispose(); } };
        },
        tf: (tf) => {
          const a = tf.tensor(x);
          const b = tf.tensor(y);
          return { run: () => tf.add(a, b).dispose(), dispose: () => { a.dispose(); b.dispose(); } };
        },
      }),
    });
    cases.push({
      group: 'elementwise', name: `exp ${sizeLabel(size)}`, op: 'exp', elements: size, bytes: 8 * size, stream: 'copy',
      setup: both({
        descent: (d) => {
          const a = d.tensor(x);
          return { run: () => d.exp(a).dispose(), dispose: () => a.dispose() };
        },
        tf: (tf) => {
          const a = tf.tensor(x);
          return { run: () => tf.exp(a).dispose(), dispose: () => a.dispose() };
        },
      }),
    });
    cases.push({
      group: 'reduction', name: `sum ${sizeLabel(size)}`, op: 'sum', elements: size, bytes: 4 * size, stream: 'read',
      setup: both({
        descent: (d) => {
          const a = d.tensor(x);
          return { run: () => d.sum(a).dispose(), dispose: () => a.dispose() };
        },
        tf: (tf) => {
          const a = tf.tensor(x);
          return { run: () => tf.sum(a).dispose(), dispose: () => a.dispose() };
        },
      }),
    });
  }
  return cases;
}

/** The cost of dispatching one tiny op (16 elements): almost all of it is the JavaScript path. */
function dispatch() {
  const x = inputData(16, 5);
  const y = inputData(16, 6);
  const descent = (d) => {
    const a = d.tensor(x);
    const b = d.tensor(y);
    return { run: () => d.add(a, b).dispose(), dispose: () => { a.dispose(); b.dispose(); } };
  };
  const tf = (t) => {
    const a = t.tensor(x);
    const b = t.tensor(y);
    return { run: () => t.add(a, b).dispose(), dispose: () => { a.dispose(); b.dispose(); } };
  };
  const descentTidy = (d) => {
    const a = d.tensor(x);
    const b = d.tensor(y);
    return { run: () => d.tidy(() => { d.add(a, b); }), dispose: () => { a.dispose(); b.dispose(); } };
  };
  const tfTidy = (t) => {
    const a = t.tensor(x);
    const b = t.tensor(y);
    return { run: () => t.tidy(() => { t.add(a, b); }), dispose: () => { a.dispose(); b.dispose(); } };
  };
  return [
    { group: 'dispatch', name: 'tiny op: add of 16 elements, then dispose', setup: { descent, 'tfjs-wasm': tf, 'tfjs-cpu': tf } },
    { group: 'dispatch', name: 'tiny op: add of 16 elements inside tidy', setup: { descent: descentTidy, 'tfjs-wasm': tfTidy, 'tfjs-cpu': tfTidy } },
  ];
}

/**
 * One training step of a 784-256-10 MLP (ReLU) at batch 128: forward, mean cross-entropy,
 * backward, Adam (lr 1e-3). Both libraries start from the same weights and data.
 */
function trainingStep() {
  const batch = 128;
  const x = inputData(batch * 784, 7);
  const labels = Int32Array.from({ length: batch }, (_, i) => (i * 7) % 10);
  const w1 = inputData(256 * 784, 8).map((v) => v * 0.05);
  const w2 = inputData(10 * 256, 9).map((v) => v * 0.1);
  const descent = (d) => {
    const model = new d.nn.Sequential(new d.nn.Linear(784, 256), new d.nn.ReLU(), new d.nn.Linear(256, 10));
    model.loadStateDict({ '0.weight': w1, '0.bias': new Float32Array(256), '2.weight': w2, '2.bias': new Float32Array(10) });
    const optimizer = new d.optim.Adam(model.parameters(), { lr: 1e-3 });
    const input = d.tensor(x, { shape: [batch, 784] });
    return {
      run: () => d.tidy(() => {
        optimizer.zeroGrad();
        const loss = d.nn.functional.crossEntropy(model.forward(input), labels);
        loss.backward();
        optimizer.step();
      }),
      dispose: () => {
        input.dispose();
        for (const p of model.parameters()) p.dispose();
      },
    };
  };
  const tfStep = (tf) => {
    // TF.js's layout is [in, out]; the same numbers, transposed.
    const W1 = tf.variable(tf.transpose(tf.tensor(w1, [256, 784])));
    const B1 = tf.variable(tf.zeros([256]));
    const W2 = tf.variable(tf.transpose(tf.tensor(w2, [10, 256])));
    const B2 = tf.variable(tf.zeros([10]));
    const input = tf.tensor(x, [batch, 784]);
    const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
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
  return [{
    group: 'training', name: 'MLP 784-256-10 step, batch 128 (forward, cross-entropy, backward, Adam)',
    setup: { descent, 'tfjs-wasm': tfStep, 'tfjs-cpu': tfStep },
  }];
}

export function allCases() {
  return [...squareMatmuls(), ...freshOperandMatmuls(), ...mlpMatmuls(), ...elementwise(), ...dispatch(), ...trainingStep()];
}
