// A Cloudflare Worker (workerd) that trains a small classifier on each request and answers
// with its predictions. POST /train with JSON:
//   { "x": [[...], ...], "y": [0, 1, ...], "query": [[...], ...],
//     "hidden"?: 16, "epochs"?: 200, "lr"?: 0.05, "seed"?: 0 }
// and it answers { predictions, probabilities, loss: { first, last }, trainAccuracy, epochs }.
// GET / describes the API.
//
// descent is imported the workerd way: workerd refuses to compile Wasm from bytes, so the engine
// waits for its kernels as a precompiled WebAssembly.Module, and under the `workerd` export
// condition `descent-ml/descent.wasm` is that module (the .wasm file, compiled by workerd).
import kernels from 'descent-ml/descent.wasm';
import * as d from 'descent-ml';

d.init(kernels);

const LIMITS = { samples: 10000, features: 256, classes: 64, hidden: 256, epochs: 2000 };

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/' && request.method === 'GET') return Response.json(usage());
    if (url.pathname !== '/train') return Response.json({ error: `no route ${url.pathname}` }, { status: 404 });
    if (request.method !== 'POST') return Response.json({ error: 'POST a JSON body to /train' }, { status: 405 });
    let job;
    try {
      job = parseJob(await request.json());
    } catch (e) {
      return Response.json({ error: e.message }, { status: 400 });
    }
    // Wasm memory outlives the request in this isolate: free everything the training made.
    return Response.json(d.tidy(() => train(job)));
  },
};

function train({ x, y, query, classes, hidden, epochs, lr, seed }) {
  const inputs = d.tensor(x);
  const model = new d.nn.Sequential(
    new d.nn.Linear(x[0].length, hidden, { seed }),
    new d.nn.Tanh(),
    new d.nn.Linear(hidden, classes, { seed: seed + 1 }),
  );
  const optimizer = new d.optim.Adam(model.parameters(), { lr });
  const losses = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const loss = d.tidy(() => {
      optimizer.zeroGrad();
      const l = d.nn.functional.crossEntropy(model.forward(inputs), y);
      l.backward();
      optimizer.step();
      return l.item();
    });
    losses.push(loss);
  }
  return d.noGrad(() => {
    const trainPredictions = argmaxRows(model.forward(inputs));
    const correct = trainPredictions.filter((c, i) => c === y[i]).length;
    const probabilities = model.forward(d.tensor(query)).softmax(1);
    return {
      predictions: argmaxRows(probabilities),
      probabilities: probabilities.toArray(),
      loss: { first: losses[0], last: losses[losses.length - 1] },
      trainAccuracy: correct / y.length,
      epochs,
    };
  });
}

function argmaxRows(t) {
  return Array.from(t.argmax(1).toFloat32Array(), Math.round);
}

function parseJob(body) {
  const x = matrix(body?.x, 'x');
  const query = matrix(body?.query, 'query');
  if (query[0].length !== x[0].length) throw new Error(`query has ${query[0].length} features, x has ${x[0].length}`);
  const y = body.y;
  if (!Array.isArray(y) || y.length !== x.length || !y.every((c) => Number.isInteger(c) && c >= 0)) {
    throw new Error(`y must be ${x.length} non-negative integer class labels`);
  }
  const classes = Math.max(...y) + 1;
  const job = {
    x, y, query, classes,
    hidden: integer(body.hidden, 16, 'hidden', LIMITS.hidden),
    epochs: integer(body.epochs, 200, 'epochs', LIMITS.epochs),
    lr: body.lr ?? 0.05,
    seed: body.seed ?? 0,
  };
  if (classes > LIMITS.classes) throw new Error(`at most ${LIMITS.classes} classes, got ${classes}`);
  if (!(job.lr > 0 && job.lr < 10)) throw new Error(`lr must be in (0, 10), got ${job.lr}`);
  if (!Number.isInteger(job.seed)) throw new Error(`seed must be an integer, got ${job.seed}`);
  return job;
}

function matrix(rows, name) {
  const ok = Array.isArray(rows) && rows.length > 0 && rows.length <= LIMITS.samples &&
    Array.isArray(rows[0]) && rows[0].length > 0 && rows[0].length <= LIMITS.features &&
    rows.every((r) => Array.isArray(r) && r.length === rows[0].length && r.every(Number.isFinite));
  if (!ok) throw new Error(`${name} must be a non-empty array of equal-length rows of finite numbers`);
  return rows;
}

function integer(value, fallback, name, max) {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1 || v > max) throw new Error(`${name} must be an integer in [1, ${max}], got ${v}`);
  return v;
}

function usage() {
  return {
    route: 'POST /train',
    body: { x: 'number[][]', y: 'class index per row of x', query: 'number[][] to predict', hidden: 16, epochs: 200, lr: 0.05, seed: 0 },
    answer: { predictions: 'class per query row', probabilities: 'softmax per query row', loss: '{ first, last }', trainAccuracy: 'fraction' },
  };
}
