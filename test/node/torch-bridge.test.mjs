// The bridge to PyTorch, both ways, through safetensors files with torch's key names:
// - a model trained in descent, saved with d.io.saveTensors(model.stateDict()), loads into the
//   same architecture built with torch.nn (load_state_dict, strict) and predicts the same, to
//   float32 tolerance;
// - the same architecture trained in PyTorch, its state_dict saved as safetensors, loads into
//   descent (model.loadStateDict(d.io.loadTensors(bytes).tensors)) and predicts the same.
// The PyTorch side is tools/interop/torch_bridge.py, run with Debian's python3-torch
// (/usr/bin/python3; CI installs it). ARCHITECTURES below and in that script are the hook for
// more kinds (a CNN, an LSTM): build the same spec on both sides with the same keys.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as d from '../../dist/index.js';
import { digits } from '../../dist/datasets/index.js';
import { ROOT } from '../runtimes/locate.mjs';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const BRIDGE = join(ROOT, 'tools/interop/torch_bridge.py');
// float32 outputs of a small network computed in two libraries: different summation orders,
// so not bit for bit, but within a few ulps of the logits' size.
const TOLERANCE = 2e-5;

const ACTIVATIONS = { relu: () => new d.nn.ReLU(), tanh: () => new d.nn.Tanh(), sigmoid: () => new d.nn.Sigmoid(), gelu: () => new d.nn.GELU() };
const ARCHITECTURES = {
  mlp(spec) {
    const layers = [];
    for (let i = 0; i < spec.sizes.length - 1; i++) {
      layers.push(new d.nn.Linear(spec.sizes[i], spec.sizes[i + 1], { seed: (spec.seed ?? 0) + i }));
      if (i < spec.sizes.length - 2) layers.push(ACTIVATIONS[spec.activation ?? 'relu']());
    }
    return new d.nn.Sequential(...layers);
  },
};

async function torchAvailable(context) {
  const ok = existsSync(PYTHON) && (await run(PYTHON, ['-c', 'import torch'], { timeout: 60000 }).then(() => true, () => false));
  if (ok) return;
  const message = `${PYTHON} with torch is not installed (apt-get install -y python3-torch)`;
  if (process.env.CI) throw new Error(`${message}: CI must run the PyTorch bridge`);
  console.log(`      skipped: ${message}`);
  context.skip();
}

function maxAbsDiff(a, b) {
  expect(a.length).to.equal(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

// A standardised slice of digits: 200 images, 64 features, 10 classes.
function sample() {
  const { x, y } = digits();
  const rows = d.tensor(Array.from({ length: 200 }, (_, i) => i * 8));
  const xs = x.indexSelect(0, rows);
  const scaled = new d.data.StandardScaler().fit(xs).transform(xs);
  const labels = Int32Array.from({ length: 200 }, (_, i) => y[i * 8]);
  return { x: scaled, y: labels };
}

describe('the bridge to PyTorch (tools/interop/torch_bridge.py, safetensors with torch key names)', function () {
  this.timeout(120000);
  let dir;

  before(async function () {
    await torchAvailable(this);
    dir = mkdtempSync(join(tmpdir(), 'descent-interop-'));
  });

  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  for (const spec of [{ kind: 'mlp', sizes: [64, 32, 10], activation: 'relu' }, { kind: 'mlp', sizes: [64, 24, 16, 10], activation: 'tanh' }]) {
    const name = `${spec.kind} ${spec.sizes.join('-')} (${spec.activation})`;

    it(`${name}: trained in descent, loads into torch.nn and predicts the same`, async () => {
      const { x, y } = sample();
      const model = ARCHITECTURES[spec.kind](spec);
      const optimizer = new d.optim.Adam(model.parameters(), { lr: 1e-2 });
      const history = d.fit(model, optimizer, { data: { x, y }, loss: 'crossEntropy', epochs: 30, progress: false });
      expect(history.loss.at(-1)).to.be.below(history.loss[0]);
      model.eval();
      const ours = d.noGrad(() => model.forward(x)).toFloat32Array();
      const weights = join(dir, 'descent-weights.safetensors');
      writeFileSync(weights, d.io.saveTensors(model.stateDict()));
      writeFileSync(join(dir, 'inputs.safetensors'), d.io.saveTensors({ x }));
      await run(PYTHON, [BRIDGE, 'predict', JSON.stringify(spec), weights, join(dir, 'inputs.safetensors'), join(dir, 'torch-out.safetensors')], { timeout: 120000 });
      const theirs = d.io.loadTensors(readFileSync(join(dir, 'torch-out.safetensors'))).tensors.y;
      expect(theirs.shape).to.deep.equal([200, 10]);
      expect(maxAbsDiff(ours, theirs.toFloat32Array()), 'largest difference of the outputs').to.be.at.most(TOLERANCE);
    });

    it(`${name}: trained in PyTorch, loads into descent and predicts the same`, async () => {
      const { x, y } = sample();
      writeFileSync(join(dir, 'data.safetensors'), d.io.saveTensors({ x, y: d.tensor(Float32Array.from(y)) }));
      const weights = join(dir, 'torch-weights.safetensors');
      const predictions = join(dir, 'torch-predictions.safetensors');
      await run(PYTHON, [BRIDGE, 'train', JSON.stringify({ ...spec, steps: 40 }), join(dir, 'data.safetensors'), weights, predictions], { timeout: 120000 });
      const model = ARCHITECTURES[spec.kind](spec);
      const before = model.forward(x).toFloat32Array();
      const { tensors } = d.io.loadTensors(readFileSync(weights));
      expect(Object.keys(tensors).sort()).to.deep.equal(Object.keys(model.stateDict()).sort());
      model.loadStateDict(tensors);
      model.eval();
      const ours = d.noGrad(() => model.forward(x)).toFloat32Array();
      const theirs = d.io.loadTensors(readFileSync(predictions)).tensors.y.toFloat32Array();
      expect(maxAbsDiff(before, theirs), 'the untrained model differs (the weights did move)').to.be.above(0.1);
      expect(maxAbsDiff(ours, theirs), 'largest difference of the outputs').to.be.at.most(TOLERANCE);
    });
  }
});
