// Layer modules: two small networks (an image net of Conv2d, BatchNorm2d, MaxPool2d, grouped
// 'same' Conv2d, AvgPool2d, ConvTranspose2d, AdaptiveAvgPool2d, Linear; a sequence net of
// Embedding with paddingIdx, Conv1d, GroupNorm, MaxPool1d, AvgPool1d, BatchNorm1d with
// cumulative momentum, LayerNorm, Linear) loaded from torch 1.13 state dicts: state-dict keys,
// outputs and parameter gradients over two training steps, running statistics and
// num_batches_tracked afterwards, eval-mode outputs. Plus default initialisation and errors.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import fixtures from '../fixtures/layers.mjs';
import { expectClose } from '../helpers/assert.mjs';

const nn = d.nn;
const TOL = { rtol: 2e-4, atol: 2e-5 };

class ImageNet extends nn.Module {
  constructor() {
    super();
    this.features = this.registerModule('features', new nn.Sequential(
      new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.MaxPool2d(2),
      new nn.Conv2d(4, 6, 3, { groups: 2, padding: 'same' }), new nn.AvgPool2d(2, { ceilMode: true }),
      new nn.ConvTranspose2d(6, 4, 2, { stride: 2 }), new nn.AdaptiveAvgPool2d(1)));
    this.head = this.registerModule('head', new nn.Linear(4, 3));
  }

  forward(x) {
    const h = this.features.forward(x);
    return this.head.forward(h.reshape([h.shape[0], -1]));
  }
}

class SequenceNet extends nn.Module {
  constructor() {
    super();
    this.embed = this.registerModule('embed', new nn.Embedding(10, 6, { paddingIdx: 0 }));
    this.conv = this.registerModule('conv', new nn.Conv1d(6, 8, 3, { padding: 'same' }));
    this.gn = this.registerModule('gn', new nn.GroupNorm(2, 8));
    this.pool = this.registerModule('pool', new nn.MaxPool1d(2));
    this.avg = this.registerModule('avg', new nn.AvgPool1d(2, { ceilMode: true }));
    this.bn = this.registerModule('bn', new nn.BatchNorm1d(8, { momentum: null }));
    this.ln = this.registerModule('ln', new nn.LayerNorm(16));
    this.out = this.registerModule('out', new nn.Linear(16, 2));
  }

  forward(idx) {
    const h = this.embed.forward(idx).permute([0, 2, 1]);
    const p = this.avg.forward(this.pool.forward(this.gn.forward(this.conv.forward(h)).relu()));
    const b = this.bn.forward(p);
    return this.out.forward(this.ln.forward(b.reshape([b.shape[0], -1])));
  }
}

const NETS = { 'image net': () => new ImageNet(), 'sequence net': () => new SequenceNet() };

function input(spec, isIndex) {
  return isIndex ? d.tensor(spec.data, { shape: spec.shape }) : d.tensor(Float32Array.from(spec.data), { shape: spec.shape });
}

describe('layers: modules against torch', () => {
  for (const c of fixtures.modules) {
    it(`${c.name}: keys, training steps, running statistics, eval output`, () => {
      const net = NETS[c.name]();
      const isIndex = c.name === 'sequence net';
      try {
        const sd = net.stateDict();
        expect(Object.keys(sd)).to.deep.equal(c.keys);
        for (const t of Object.values(sd)) t.dispose();
        net.loadStateDict(c.state0);
        c.train.forEach((step, i) => {
          d.tidy(() => {
            net.zeroGrad();
            const y = net.forward(input(c.inputs[i], isIndex));
            expectClose(y.toFloat32Array(), step.y, { ...TOL, what: `step ${i} output` });
            y.mul(d.tensor(Float32Array.from(step.r), { shape: step.shape })).sum().backward();
            for (const [name, p] of net.namedParameters()) {
              expectClose(p.grad.toFloat32Array(), c.grads[i][name], { ...TOL, what: `step ${i} grad ${name}` });
            }
          });
        });
        net.eval();
        d.tidy(() => {
          const y = net.forward(input(c.inputs[c.train.length], isIndex));
          expectClose(y.toFloat32Array(), c.eval.y, { ...TOL, what: 'eval output' });
        });
        const after = net.stateDict();
        for (const [k, v] of Object.entries(c.state1)) expectClose(after[k].toFloat32Array(), v, { ...TOL, what: `state ${k}` });
        for (const t of Object.values(after)) t.dispose();
      } finally {
        net.dispose();
      }
    });
  }

  it('default initialisation: U(-1/√fanIn, 1/√fanIn) for conv weights and biases, seeded', () => {
    const a = new nn.Conv2d(8, 16, 3, { seed: 5 });
    const b = new nn.Conv2d(8, 16, 3, { seed: 5 });
    const w = a.weight.toFloat32Array();
    const bound = 1 / Math.sqrt(8 * 9);
    expect(Math.max(...w.map(Math.abs))).to.be.at.most(bound);
    const variance = w.reduce((s, v) => s + v * v, 0) / w.length;
    expect(variance).to.be.closeTo(bound * bound / 3, 0.15 * bound * bound / 3);
    expect(Array.from(b.weight.toFloat32Array())).to.deep.equal(Array.from(w));
    expect(Math.max(...a.bias.toFloat32Array().map(Math.abs))).to.be.at.most(bound);
    const t = new nn.ConvTranspose2d(4, 6, 2, { groups: 2, seed: 1 });
    expect(t.weight.shape).to.deep.equal([4, 3, 2, 2]);
    expect(Math.max(...t.weight.toFloat32Array().map(Math.abs))).to.be.at.most(1 / Math.sqrt(3 * 4));
    const e = new nn.Embedding(5, 3, { paddingIdx: -1, seed: 2 });
    expect(Array.from(e.weight.toFloat32Array().slice(12))).to.deep.equal([0, 0, 0]);
    for (const m of [a, b, t, e]) m.dispose();
  });

  it('BatchNorm: trackRunningStats false has no buffers; affine false has no parameters', () => {
    const bn = new nn.BatchNorm2d(3, { trackRunningStats: false, affine: false });
    expect(Object.keys(bn.stateDict())).to.deep.equal([]);
    bn.eval();
    d.tidy(() => {
      const y = bn.forward(d.tensor(Float32Array.from({ length: 12 }, (_, i) => i), { shape: [2, 3, 2, 1] }));
      // batch statistics even in eval mode, as torch
      const sd = Math.sqrt(9.25 + 1e-5); // channel 0 holds 0, 1, 6, 7: mean 3.5, biased variance 9.25
      expectClose(y.toFloat32Array().slice(0, 2), [-3.5 / sd, -2.5 / sd], { rtol: 1e-5, atol: 1e-6 });
    });
  });

  it('refuses unknown options and bad sizes at construction', () => {
    expect(() => new nn.Conv2d(3, 4, 3, { paddingMode: 'reflect' })).to.throw(/Conv2d: unknown option 'paddingMode'/);
    expect(() => new nn.Conv2d(3, 4, 3, { groups: 2 })).to.throw(/Conv2d: inChannels 3 is not divisible by groups 2/);
    expect(() => new nn.BatchNorm2d(4, { momentun: 0.1 })).to.throw(/BatchNorm2d: unknown option 'momentun'/);
    expect(() => new nn.MaxPool2d(2, { ceil_mode: true })).to.throw(/MaxPool2d: unknown option 'ceil_mode'/);
    expect(() => new nn.GroupNorm(3, 4)).to.throw(/GroupNorm: numChannels 4 is not divisible by numGroups 3/);
    const bn = new nn.BatchNorm1d(4);
    expect(() => bn.forward(d.zeros([2, 4, 2, 2]))).to.throw(/BatchNorm1d: expected 2-D or 3-D input, got \[2,4,2,2\]/);
    expect(bn.numBatchesTracked).to.equal(0);
    bn.dispose();
  });
});
