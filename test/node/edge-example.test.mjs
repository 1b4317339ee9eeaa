// examples/edge: the worker that trains a classifier per request, built by its own build
// script and served by workerd with its own config on 127.0.0.1, called over loopback.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, requireRuntime } from '../runtimes/locate.mjs';
import { serveConfig } from '../runtimes/workerd.mjs';

const run = promisify(execFile);
const EXAMPLE = join(ROOT, 'examples/edge');

// Two well separated Gaussian-like blobs in 2-D (fixed points, no generator needed), and
// query points deep inside each blob whose class is therefore known.
function blobs() {
  const x = [];
  const y = [];
  const offsets = [[0, 0], [0.4, -0.3], [-0.35, 0.25], [0.2, 0.45], [-0.5, -0.4], [0.55, 0.1], [-0.15, -0.6], [0.3, -0.5]];
  for (const [label, [cx, cy]] of [[0, [-2, -1]], [1, [2, 1.5]]]) {
    for (const [dx, dy] of offsets) {
      x.push([cx + dx, cy + dy]);
      y.push(label);
    }
  }
  return { x, y, query: [[-2.1, -0.9], [1.9, 1.6], [-1.5, -1.5], [2.5, 1.0]], expected: [0, 1, 0, 1] };
}

describe('examples/edge: a workerd worker that trains on a request', function () {
  this.timeout(120000);
  let server = null;

  before(async function () {
    const workerd = requireRuntime(this, 'workerd');
    await run(process.execPath, [join(EXAMPLE, 'build.mjs')], { cwd: ROOT, timeout: 60000 });
    server = await serveConfig(workerd.path, join(EXAMPLE, 'config.capnp'));
  });

  after(async () => {
    await server?.stop();
  });

  it('trains on the posted data and predicts the query points', async () => {
    const { x, y, query, expected } = blobs();
    const response = await fetch(`${server.url}/train`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ x, y, query, epochs: 60, hidden: 8, lr: 0.05 }),
    });
    const body = await response.json();
    expect(response.status, JSON.stringify(body) + server.output()).to.equal(200);
    expect(body.predictions).to.deep.equal(expected);
    expect(body.trainAccuracy).to.equal(1);
    expect(body.loss.last).to.be.below(body.loss.first);
    for (const row of body.probabilities) expect(row[0] + row[1]).to.be.closeTo(1, 1e-5);
  });

  it('answers a malformed request with 400 and a message, and keeps serving', async () => {
    const bad = await fetch(`${server.url}/train`, { method: 'POST', body: JSON.stringify({ x: [[1, 2]], y: [0, 1], query: [[1, 2]] }) });
    expect(bad.status).to.equal(400);
    expect((await bad.json()).error).to.match(/y must be 1 non-negative integer class labels/);
    const usage = await fetch(`${server.url}/`);
    expect(usage.status).to.equal(200);
    expect((await usage.json()).route).to.equal('POST /train');
  });
});
