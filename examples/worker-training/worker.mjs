// Trains in a Web Worker with d.fitAsync, posting every progress event to the page. fitAsync
// gives the worker's event loop a turn between batches, so the page's 'stop' message arrives
// while training runs and aborts it at the next batch boundary.
//
// Without a bundler the worker imports the single-file build by URL (workers ignore the page's
// import map); with one, write `import * as d from 'descent-ml'`.
import * as d from '../../dist/descent.min.js';

let controller = null;

/** Two interleaved spirals (the classic toy problem a straight line cannot separate). */
function spirals(n, seed) {
  const [along, across, noise] = d.tidy(() => {
    const angle = d.linspace(0, 3 * Math.PI, n);
    const radius = d.linspace(0.1, 1, n);
    return [radius.mul(d.cos(angle)), radius.mul(d.sin(angle)), d.randn([2 * n, 2], { seed }).mul(0.08)].map((t) => t.toFloat32Array());
  });
  const rows = [];
  const labels = [];
  for (let c = 0; c < 2; c++) {
    const sign = c === 0 ? 1 : -1; // the second arm is the first turned half a circle
    for (let i = 0; i < n; i++) {
      const k = 2 * (c * n + i);
      rows.push([sign * along[i] + noise[k], sign * across[i] + noise[k + 1]]);
      labels.push(c);
    }
  }
  return { x: d.tensor(rows), y: Int32Array.from(labels) };
}

async function train({ epochs = 200, hidden = 32, lr = 0.01, seed = 0 }) {
  const { x, y } = spirals(200, seed);
  const model = new d.nn.Sequential(
    new d.nn.Linear(2, hidden, { seed }), new d.nn.Tanh(),
    new d.nn.Linear(hidden, hidden, { seed: seed + 1 }), new d.nn.Tanh(),
    new d.nn.Linear(hidden, 2, { seed: seed + 2 }),
  );
  const optimizer = new d.optim.Adam(model.parameters(), { lr });
  controller = new AbortController();
  try {
    const history = await d.fitAsync(model, optimizer, {
      data: new d.data.DataLoader({ x, y }, { batchSize: 32, shuffle: true, seed }),
      loss: 'crossEntropy', epochs, metrics: ['accuracy'],
      onProgress: (event) => postMessage({ kind: 'progress', event }),
      signal: controller.signal,
    });
    postMessage({ kind: 'done', stopReason: history.stopReason, loss: history.loss, accuracy: history.accuracy });
  } catch (e) {
    postMessage({ kind: e.name === 'AbortError' ? 'aborted' : 'error', message: e.message, epochs: e.history?.epochs ?? null });
  } finally {
    controller = null;
    model.dispose();
    optimizer.dispose();
    x.dispose();
  }
}

onmessage = ({ data }) => {
  if (data.kind === 'train' && controller === null) train(data.options ?? {});
  if (data.kind === 'stop') controller?.abort();
};
postMessage({ kind: 'ready' });
