import { expect } from 'chai';
import * as d from '../../dist/index.js';
import reference from '../fixtures/nn.mjs';
import { expectClose } from '../helpers/assert.mjs';

const F = d.nn.functional;

describe('nn.functional losses (against PyTorch 1.13)', () => {
  for (const c of reference.losses) {
    const label = `${c.name}${Object.keys(c.kw).length ? ' ' + JSON.stringify(c.kw) : ''}`;
    it(`${label}: value and gradient`, () => {
      const pred = d.tensor(c.pred, { shape: c.shape, requiresGrad: true });
      const target = d.tensor(c.target, { shape: c.shape });
      const loss = d.tidy(() => {
        const l = c.name === 'huberLoss' ? F.huberLoss(pred, target, c.kw.delta) : F[c.name](pred, target);
        l.backward();
        return l;
      });
      expectClose([loss.item()], [c.value], { rtol: 1e-5, what: `${label} value` });
      expectClose(pred.grad.toFloat32Array(), c.grad, { rtol: 1e-4, atol: 1e-6, what: `${label} grad` });
      for (const t of [pred, target, loss]) t.dispose();
    });
  }

  it('binaryCrossEntropyWithLogits stays finite for logits of ±90', () => {
    const l = F.binaryCrossEntropyWithLogits(d.tensor([90, -90]), [0, 1]);
    expectClose([l.item()], [90]);
    l.dispose();
  });

  it('hingeLoss accepts a plain array of ±1 targets', () => {
    const l = F.hingeLoss(d.tensor([0.5, -2]), [1, 1]);
    expectClose([l.item()], [(0.5 + 3) / 2]);
    l.dispose();
  });

  it('rejects mismatched shapes naming both', () => {
    const a = d.zeros([2, 3]);
    const b = d.zeros([3, 2]);
    expect(() => F.l1Loss(a, b)).to.throw(/l1Loss: input shape \[2,3\] and target shape \[3,2\] differ/);
    expect(() => F.huberLoss(a, a, -1)).to.throw(RangeError, /delta/);
    a.dispose();
    b.dispose();
  });
});

describe('nn.functional.linear', () => {
  it('matches torch.nn.functional.linear, values and gradients', () => {
    const r = reference.linear;
    const x = d.tensor(r.x, { shape: [5, 4], requiresGrad: true });
    const w = d.tensor(r.w, { shape: [3, 4], requiresGrad: true });
    const b = d.tensor(r.b, { shape: [3], requiresGrad: true });
    d.tidy(() => {
      const y = F.linear(x, w, b);
      expectClose(y.toFloat32Array(), r.y, { rtol: 1e-5, atol: 1e-5 });
      y.mul(y).sum().backward();
    });
    expectClose(x.grad.toFloat32Array(), r.gx, { rtol: 1e-4, atol: 1e-4 });
    expectClose(w.grad.toFloat32Array(), r.gw, { rtol: 1e-4, atol: 1e-4 });
    expectClose(b.grad.toFloat32Array(), r.gb, { rtol: 1e-4, atol: 1e-4 });
    const noBias = F.linear(x, w);
    expect(noBias.shape).to.deep.equal([5, 3]);
    expect(() => F.linear(x, b)).to.throw(/linear: weight must be \[out, in\]/);
    expect(() => F.linear(d.zeros([2, 3]), w)).to.throw(/linear: input \[2,3\] has 3 features, weight \[3,4\] expects 4/);
    for (const t of [x, w, b, noBias]) t.dispose();
  });
});

describe('nn modules', () => {
  for (const net of reference.networks) {
    it(`Sequential(Linear, ${net.activation}, Linear): loss and gradients as in torch`, () => {
      const model = new d.nn.Sequential(new d.nn.Linear(4, 5), new d.nn[net.activation](), new d.nn.Linear(5, 3));
      expect(model.namedParameters().map(([n]) => n)).to.deep.equal(net.keys);
      model.loadStateDict(net.state);
      const x = d.tensor(net.x, { shape: [6, 4] });
      const loss = d.tidy(() => {
        const l = F.crossEntropy(model.forward(x), net.y);
        l.backward();
        return l;
      });
      expectClose([loss.item()], [net.loss], { rtol: 1e-5 });
      for (const [name, p] of model.namedParameters()) {
        expectClose(p.grad.toFloat32Array(), net.grads[name], { rtol: 1e-4, atol: 1e-6, what: name });
      }
      x.dispose();
      loss.dispose();
    });
  }

  it('stateDict copies and loadStateDict restores in place, checking keys and shapes first', () => {
    const model = new d.nn.Sequential(new d.nn.Linear(3, 2, { seed: 1 }), new d.nn.ReLU(), new d.nn.Linear(2, 1, { seed: 2 }));
    const saved = model.stateDict();
    const weight = model.layers[0].weight;
    const before = weight.toFloat32Array();
    d.nn.init.zeros(weight);
    expect(saved['0.weight'].toFloat32Array()).to.deep.equal(before);
    expect(() => model.loadStateDict({ ...saved, extra: [1] })).to.throw(/unexpected keys \[extra\]/);
    expect(() => model.loadStateDict({ ...saved, '2.weight': d.zeros([2, 1]) })).to.throw(/2.weight has shape \[2,1\], the parameter has \[1,2\]/);
    expect(Array.from(weight.toFloat32Array())).to.deep.equal([0, 0, 0, 0, 0, 0]); // nothing written
    model.loadStateDict(saved);
    expect(model.layers[0].weight).to.equal(weight); // same tensor, new values
    expect(weight.toFloat32Array()).to.deep.equal(before);
    for (const t of Object.values(saved)) t.dispose();
  });

  it('Linear init: seeded, torch default bounds, xavier / he / zeros', () => {
    const a = new d.nn.Linear(50, 40, { seed: 7 });
    const b = new d.nn.Linear(50, 40, { seed: 7 });
    expect(a.weight.toFloat32Array()).to.deep.equal(b.weight.toFloat32Array());
    expect(a.bias.toFloat32Array()).to.deep.equal(b.bias.toFloat32Array());
    const bound = 1 / Math.sqrt(50);
    expect(Math.max(...a.weight.toFloat32Array().map(Math.abs))).to.be.at.most(bound).and.above(0.9 * bound);
    const x = new d.nn.Linear(50, 40, { init: 'xavier', seed: 1 });
    const xb = Math.sqrt(6 / 90);
    expect(Math.max(...x.weight.toFloat32Array().map(Math.abs))).to.be.at.most(xb).and.above(0.9 * xb);
    expect(Array.from(x.bias.toFloat32Array()).every((v) => v === 0)).to.equal(true);
    const h = new d.nn.Linear(50, 40, { init: 'he', seed: 1 });
    const hb = Math.sqrt(6 / 50);
    expect(Math.max(...h.weight.toFloat32Array().map(Math.abs))).to.be.at.most(hb).and.above(0.9 * hb);
    const z = new d.nn.Linear(3, 2, { init: 'zeros', bias: false });
    expect(z.bias).to.equal(null);
    expect(z.parameters()).to.have.length(1);
    expect(() => new d.nn.Linear(3, 2, { init: 'glorot' })).to.throw(RangeError, /init must be/);
    expect(() => new d.nn.Linear(0, 2)).to.throw(RangeError, /inFeatures/);
  });

  it('nn.init: standard deviations follow torch formulas', () => {
    const std = (t) => {
      const v = t.toFloat32Array();
      let s = 0;
      let s2 = 0;
      for (const x of v) {
        s += x;
        s2 += x * x;
      }
      const m = s / v.length;
      return Math.sqrt(s2 / v.length - m * m);
    };
    const w = d.zeros([200, 300]);
    const cases = [
      [d.nn.init.xavierUniform, Math.sqrt(2 / 500)], // uniform ±a has std a/√3
      [d.nn.init.xavierNormal, Math.sqrt(2 / 500)],
      [d.nn.init.heUniform, Math.sqrt(2 / 300)],
      [d.nn.init.heNormal, Math.sqrt(2 / 300)],
    ];
    for (const [fn, expected] of cases) {
      fn(w, { seed: 3 });
      expect(std(w), fn.name).to.be.closeTo(expected, expected * 0.02);
    }
    d.nn.init.normal(w, 0.05, { seed: 3 });
    expect(std(w)).to.be.closeTo(0.05, 0.001);
    d.nn.init.xavierUniform(w, { gain: 2, seed: 3 });
    expect(std(w)).to.be.closeTo(2 * Math.sqrt(2 / 500), 0.02 * 2 * Math.sqrt(2 / 500));
    d.nn.init.zeros(w);
    expect(std(w)).to.equal(0);
    expect(() => d.nn.init.xavierUniform(d.zeros([3]))).to.throw(/fewer than 2 dimensions/);
    w.dispose();
  });

  it('dispose() frees every parameter of the tree', () => {
    const before = d.memory().tensors;
    const model = new d.nn.Sequential(new d.nn.Linear(3, 4), new d.nn.ReLU(), new d.nn.Dropout(0.1, { seed: 1 }), new d.nn.Linear(4, 2));
    expect(d.memory().tensors).to.equal(before + 4);
    model.dispose();
    expect(d.memory().tensors).to.equal(before);
    expect(() => model.forward(d.zeros([1, 3]))).to.throw(/disposed/);
  });

  it('train() / eval() reach every descendant', () => {
    const inner = new d.nn.Dropout(0.5);
    const model = new d.nn.Sequential(new d.nn.Linear(2, 2), new d.nn.Sequential(inner));
    model.eval();
    expect(inner.training).to.equal(false);
    model.train();
    expect(inner.training).to.equal(true);
  });
});

describe('dropout', () => {
  it('zeroes about p of the elements, scales the rest by 1/(1-p), seeded', () => {
    const x = d.ones([100, 100], { requiresGrad: true });
    const y = F.dropout(x, 0.3, { seed: 11 });
    const v = y.toFloat32Array();
    const zeros = v.filter((e) => e === 0).length;
    expect(zeros / v.length).to.be.closeTo(0.3, 0.02);
    expect(v.filter((e) => e !== 0).every((e) => Math.abs(e - 1 / 0.7) < 1e-6)).to.equal(true);
    const again = F.dropout(x, 0.3, { seed: 11 });
    expect(again.toFloat32Array()).to.deep.equal(v);
    y.sum().backward();
    expect(x.grad.toFloat32Array()).to.deep.equal(v); // d(sum)/dx = the mask
    const off = F.dropout(x, 0.3, { training: false });
    expect(Array.from(off.toFloat32Array()).every((e) => e === 1)).to.equal(true);
    expect(() => F.dropout(x, 1.5)).to.throw(RangeError, /p must be a probability/);
    for (const t of [x, y, again, off]) t.dispose();
  });

  it('the Dropout module draws fresh masks each call from its own seed, and is the identity in eval', () => {
    const x = d.ones([10, 10]);
    const a = new d.nn.Dropout(0.5, { seed: 4 });
    const b = new d.nn.Dropout(0.5, { seed: 4 });
    const a1 = a.forward(x).toFloat32Array();
    const a2 = a.forward(x).toFloat32Array();
    expect(b.forward(x).toFloat32Array()).to.deep.equal(a1);
    expect(a2).to.not.deep.equal(a1);
    a.eval();
    expect(Array.from(a.forward(x).toFloat32Array()).every((e) => e === 1)).to.equal(true);
  });
});
