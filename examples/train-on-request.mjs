// An edge-style function that trains on a request: a Web-standard fetch handler (the shape
// Cloudflare Workers, Deno Deploy, Bun and Vercel's edge runtime all accept) that takes a
// small regression or classification job as JSON, fits a model with descent inside the
// request, and answers with its predictions. Nothing outlives the request: the model is
// disposed before the response is sent.
//
//   node examples/train-on-request.mjs            demo: sends two requests to the handler
//   node examples/train-on-request.mjs --serve    serves it on http://127.0.0.1:$PORT (8787)
//
// POST /fit  { "task": "regression" | "classification", "x": [[...], ...], "y": [...],
//              "query": [[...], ...], "model"?: "linear" | "mlp" }
import * as d from 'descent-ml';

const LIMITS = { samples: 5000, features: 100 };

function fitJob(job) {
  const { task = 'regression', x, y, query, model = 'linear' } = job;
  if (!Array.isArray(x) || x.length === 0 || !Array.isArray(y) || y.length !== x.length) throw new Error('x must be a non-empty array of rows and y one target per row');
  if (x.length > LIMITS.samples || x[0].length > LIMITS.features) throw new Error(`at most ${LIMITS.samples} rows of ${LIMITS.features} features`);
  if (!Array.isArray(query)) throw new Error('query must be an array of rows');
  const Model = task === 'classification'
    ? (model === 'mlp' ? d.models.MLPClassifier : d.models.LogisticRegression)
    : (model === 'mlp' ? d.models.MLPRegressor : d.models.LinearRegression);
  const options = model === 'mlp' ? { hiddenLayerSizes: [32], lr: 0.01, maxIter: 500, seed: 0 } : {};
  const started = performance.now();
  const estimator = new Model(options).fit(x, y);
  try {
    const predicted = estimator.predict(query);
    const predictions = predicted instanceof d.Tensor ? Array.from(predicted.toFloat32Array()) : Array.from(predicted);
    if (predicted instanceof d.Tensor) predicted.dispose();
    return {
      task, model,
      predictions,
      trainingScore: estimator.score(x, y), // R² for regression, accuracy for classification
      epochs: estimator.history.epochs,
      milliseconds: Math.round(performance.now() - started),
      ...(model === 'linear' && task === 'regression' ? { coef: estimator.coef, intercept: estimator.intercept } : {}),
    };
  } finally {
    estimator.dispose();
  }
}

const handler = {
  async fetch(request) {
    const url = new URL(request.url);
    if (request.method !== 'POST' || url.pathname !== '/fit') {
      return Response.json({ usage: 'POST /fit { task, x, y, query, model? }' }, { status: request.method === 'GET' ? 200 : 405 });
    }
    try {
      return Response.json(fitJob(await request.json()));
    } catch (e) {
      return Response.json({ error: e.message }, { status: 400 });
    }
  },
};
export default handler;

async function demo() {
  const post = (body) => handler.fetch(new Request('http://edge.local/fit', { method: 'POST', body: JSON.stringify(body) }));
  // House prices from size: a line through noisy points.
  const sizes = Array.from({ length: 40 }, (_, i) => 30 + 3 * i);
  const prices = sizes.map((s, i) => 1000 + 25 * s + ((i * 37) % 11) * 40 - 200);
  let response = await post({ task: 'regression', x: sizes.map((s) => [s]), y: prices, query: [[50], [100], [150]] });
  console.log('regression:', response.status, await response.json());
  // Which side of a circle: a job a straight line cannot do, so ask for the MLP.
  const uniform = d.rand([200, 2], { seed: 7 });
  const points = uniform.toArray().map(([a, b]) => [4 * a - 2, 4 * b - 2]); // in [-2, 2)²
  uniform.dispose();
  const inside = points.map(([a, b]) => (a * a + b * b < 1 ? 1 : 0));
  response = await post({ task: 'classification', model: 'mlp', x: points, y: inside, query: [[0, 0], [0.2, -0.3], [1.5, 1.5], [-1.8, 0.1]] });
  console.log('classification:', response.status, await response.json());
  response = await post({ task: 'regression', x: [], y: [], query: [] });
  console.log('bad request:', response.status, await response.json());
  console.log('live tensors after the requests:', d.memory().tensors);
}

// Run as a script: demo, or serve over HTTP with Node's own server.
if (typeof process !== 'undefined' && process.argv?.[1] === new URL(import.meta.url).pathname) {
  if (process.argv.includes('--serve')) {
    const { createServer } = await import('node:http');
    const port = Number(process.env.PORT ?? 8787);
    createServer(async (req, res) => {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined });
      const response = await handler.fetch(request);
      res.writeHead(response.status, { 'content-type': 'application/json' });
      res.end(await response.text());
    }).listen(port, '127.0.0.1', () => console.log(`POST http://127.0.0.1:${port}/fit`));
  } else {
    await demo();
  }
}
