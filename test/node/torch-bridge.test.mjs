// The bridge to PyTorch, both ways, through safetensors files with torch's key names:
// - a model trained in descent, saved with d.io.saveTensors(model.stateDict()), loads into the
//   same architecture built with torch.nn (load_state_dict, strict) and predicts the same, to
//   float32 tolerance;
// - the same architecture trained in PyTorch, its state_dict saved as safetensors, loads into
//   descent (model.loadStateDict(d.io.loadTensors(bytes).tensors)) and predicts the same.
// The PyTorch side is tools/interop/torch_bridge.py, run with Debian's python3-torch
// (/usr/bin/python3; CI installs it). ARCHITECTURES below and in that script are the hook for
// more kinds (an MLP, a CNN, an LSTM): build the same spec on both sides with the same keys.
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
  cnn(spec) {
    const [c, h, w] = spec.input;
    const k = spec.channels ?? 8;
    return new d.nn.Sequential(
      new d.nn.Conv2d(c, k, 3, { padding: 1, seed: spec.seed ?? 0 }), new d.nn.ReLU(), new d.nn.MaxPool2d(2), new d.nn.Flatten(),
      new d.nn.Linear(k * Math.floor(h / 2) * Math.floor(w / 2), spec.classes, { seed: (spec.seed ?? 0) + 1 }),
    );
  },
  // An LSTM over [N, L, F] (batchFirst), then a linear layer on the last step's output; its state
  // dict is the two modules' under 'lstm.' and 'head.', as torch's module with those attributes.
  lstm(spec) {
    const [, features] = spec.input;
    const D = spec.bidirectional ? 2 : 1;
    const lstm = new d.nn.LSTM(features, spec.hidden, { numLayers: spec.numLayers ?? 1, bidirectional: spec.bidirectional ?? false, batchFirst: true, seed: spec.seed ?? 0 });
    const head = new d.nn.Linear(spec.hidden * D, spec.classes, { seed: (spec.seed ?? 0) + 1 });
    const parts = { lstm, head };
    const prefixed = (prefix, dict) => Object.fromEntries(Object.entries(dict).map(([k, v]) => [`${prefix}.${k}`, v]));
    return {
      forward(x) {
        const [out] = lstm.forward(x);
        const [N, L, H] = out.shape;
        return head.forward(out.slice([0, L - 1, 0], [N, 1, H]).reshape([N, H]));
      },
      parameters: () => [...lstm.parameters(), ...head.parameters()],
      train(mode = true) { lstm.train(mode); head.train(mode); },
      eval() { lstm.eval(); head.eval(); },
      stateDict: () => ({ ...prefixed('lstm', lstm.stateDict()), ...prefixed('head', head.stateDict()) }),
      loadStateDict(dict) {
        for (const [name, m] of Object.entries(parts)) {
          m.loadStateDict(Object.fromEntries(Object.entries(dict).filter(([k]) => k.startsWith(`${name}.`)).map(([k, v]) => [k.slice(name.length + 1), v])));
        }
      },
    };
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

const SPECS = [
  { kind: 'mlp', sizes: [64, 32, 10], activation: 'relu' },
  { kind: 'mlp', sizes: [64, 24, 16, 10], activation: 'tanh' },
  { kind: 'cnn', input: [1, 8, 8], channels: 8, classes: 10 },
  { kind: 'lstm', input: [8, 8], hidden: 12, numLayers: 2, bidirectional: true, classes: 10 },
];
// Each kind's input: the MLPs take rows of 64 features, the CNN 1×8×8 images, the LSTM each
// image as a sequence of 8 rows of 8 pixels.
const inputFor = (spec, x) => (spec.kind === 'mlp' ? x : x.reshape([-1, ...spec.input]));
const nameOf = (spec) =>
  spec.kind === 'cnn' ? `cnn conv3x3(${spec.channels})-relu-maxpool-linear`
    : spec.kind === 'lstm' ? `lstm ${spec.numLayers}-layer bidirectional (hidden ${spec.hidden})-linear on the last step`
      : `${spec.kind} ${spec.sizes.join('-')} (${spec.activation})`;

describe('the bridge to PyTorch (tools/interop/torch_bridge.py, safetensors with torch key names)', function () {
  this.timeout(180000);
  let dir;
  const cases = [];

  // Everything descent does first, then every PyTorch job in one Python process (importing
  // torch is the slow part), then the comparisons.
  before(async function () {
    await torchAvailable(this);
    dir = mkdtempSync(join(tmpdir(), 'descent-interop-'));
    const { x: rows, y } = sample();
    const jobs = [];
    SPECS.forEach((spec, i) => {
      const x = inputFor(spec, rows);
      const file = (name) => join(dir, `${i}-${name}.safetensors`);
      // descent → torch: train here, save the state dict, let torch predict.
      const model = ARCHITECTURES[spec.kind](spec);
      const history = d.fit(model, new d.optim.Adam(model.parameters(), { lr: 1e-2 }), { data: { x, y }, loss: 'crossEntropy', epochs: 30, progress: false });
      model.eval();
      const ours = d.noGrad(() => model.forward(x)).toFloat32Array();
      writeFileSync(file('descent-weights'), d.io.saveTensors(model.stateDict()));
      writeFileSync(file('inputs'), d.io.saveTensors({ x }));
      jobs.push({ command: 'predict', spec, weights: file('descent-weights'), inputs: file('inputs'), out: file('torch-out') });
      // torch → descent: torch trains on the same data; descent loads its state dict.
      writeFileSync(file('data'), d.io.saveTensors({ x, y: d.tensor(Float32Array.from(y)) }));
      jobs.push({ command: 'train', spec: { ...spec, steps: 40 }, data: file('data'), weights: file('torch-weights'), predictions: file('torch-predictions') });
      cases.push({ spec, x, history, ours, file });
    });
    writeFileSync(join(dir, 'jobs.json'), JSON.stringify(jobs));
    await run(PYTHON, [BRIDGE, 'batch', join(dir, 'jobs.json')], { timeout: 170000 });
  });

  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  SPECS.forEach((spec, i) => {
    it(`${nameOf(spec)}: trained in descent, loads into torch.nn and predicts the same`, () => {
      const { history, ours, file } = cases[i];
      expect(history.loss.at(-1)).to.be.below(history.loss[0]);
      const theirs = d.io.loadTensors(readFileSync(file('torch-out'))).tensors.y;
      expect(theirs.shape).to.deep.equal([200, 10]);
      expect(maxAbsDiff(ours, theirs.toFloat32Array()), 'largest difference of the outputs').to.be.at.most(TOLERANCE);
    });

    it(`${nameOf(spec)}: trained in PyTorch, loads into descent and predicts the same`, () => {
      const { x, file } = cases[i];
      const model = ARCHITECTURES[spec.kind](spec);
      const before = model.forward(x).toFloat32Array();
      const { tensors } = d.io.loadTensors(readFileSync(file('torch-weights')));
      expect(Object.keys(tensors).sort()).to.deep.equal(Object.keys(model.stateDict()).sort());
      model.loadStateDict(tensors);
      model.eval();
      const ours = d.noGrad(() => model.forward(x)).toFloat32Array();
      const theirs = d.io.loadTensors(readFileSync(file('torch-predictions'))).tensors.y.toFloat32Array();
      expect(maxAbsDiff(before, theirs), 'the untrained model differs (the weights did move)').to.be.above(0.1);
      expect(maxAbsDiff(ours, theirs), 'largest difference of the outputs').to.be.at.most(TOLERANCE);
    });
  });
});
