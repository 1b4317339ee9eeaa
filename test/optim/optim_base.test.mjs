// The optimizer base class: param groups, writable options, checks before changes, state dicts.
import { expect } from 'chai';
import * as d from '../../dist/index.js';

// Every tensor and optimizer a test makes is disposed after it (params dispose their grads).
const made = [];
afterEach(() => made.splice(0).forEach((t) => t.dispose()));

function param(values) {
  return track(d.tensor(values, { requiresGrad: true }));
}

function track(t) {
  made.push(t);
  return t;
}

function withGrad(p, values) {
  if (p.grad) p.grad.dispose();
  p.grad = d.tensor(values, { shape: p.shape });
  return p;
}

describe('optimizer hyperparameter checks (torch messages)', () => {
  const p = d.tensor([1, 2], { requiresGrad: true });
  after(() => p.dispose());
  const cases = [
    [() => new d.optim.SGD([p], { lr: -1 }), 'Invalid learning rate: -1'],
    [() => new d.optim.SGD([p], { lr: 0.1, momentum: -0.5 }), 'Invalid momentum value: -0.5'],
    [() => new d.optim.SGD([p], { lr: 0.1, weightDecay: -1 }), 'Invalid weight_decay value: -1'],
    [() => new d.optim.SGD([p], { lr: 0.1, nesterov: true }), 'Nesterov momentum requires a momentum and zero dampening'],
    [() => new d.optim.SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }), 'Nesterov momentum requires a momentum and zero dampening'],
    [() => new d.optim.Adam([p], { betas: [1.5, 0.9] }), 'Invalid beta parameter at index 0: 1.5'],
    [() => new d.optim.Adam([p], { betas: [0.9, 1] }), 'Invalid beta parameter at index 1: 1'],
    [() => new d.optim.Adam([p], { eps: -1e-8 }), 'Invalid epsilon value: -1e-8'],
    [() => new d.optim.AdamW([p], { lr: NaN }), 'Invalid learning rate: NaN'],
    [() => new d.optim.Adam([p], { lr: Infinity }), 'Invalid learning rate: Infinity'],
    [() => new d.optim.SGD([{ params: [p], lr: -2 }], { lr: 0.1 }), 'Invalid learning rate: -2'],
  ];
  for (const [make, message] of cases) {
    it(`throws RangeError "${message}"`, () => {
      expect(make).to.throw(RangeError, message);
    });
  }

  it('refuses non-finite options torch does not range-check', () => {
    expect(() => new d.optim.SGD([p], { lr: 0.1, dampening: Infinity })).to.throw(RangeError, 'SGD: dampening must be finite, got Infinity');
  });

  it('needs lr for SGD and refuses unknown options and wrong types', () => {
    expect(() => new d.optim.SGD([p])).to.throw(TypeError, 'required optimization parameter lr');
    expect(() => new d.optim.SGD([{ params: [p], momentom: 0.9 }], { lr: 0.1 })).to.throw(TypeError, "unknown option 'momentom'");
    expect(() => new d.optim.Adam([p], { lr: '0.1' })).to.throw(TypeError, 'Adam: lr must be a number');
    expect(() => new d.optim.Adam([p], { amsgrad: 1 })).to.throw(TypeError, 'Adam: amsgrad must be a boolean');
  });

  it('checks the params: tensors, each once, at least one', () => {
    expect(() => new d.optim.Adam([])).to.throw(RangeError, 'empty parameter list');
    expect(() => new d.optim.Adam([p, 3])).to.throw(TypeError, 'can only optimize Tensors');
    // A tensor that does not require grad is accepted and skipped, as torch 1.13 (torch fixture:
    // tools/reference/optim_more.py's nullGrad cases, test/optim/optim_more.test.mjs).
    expect(() => new d.optim.Adam([track(d.tensor([1]))])).not.to.throw();
    expect(() => new d.optim.Adam([p, p])).to.throw(Error, 'more than once');
    expect(() => new d.optim.Adam(p)).to.throw(TypeError, 'params must be an array');
  });
});

describe('optimizer param groups and step', () => {
  it('applies per-group overrides over the defaults', () => {
    const a = withGrad(param([1, 1]), [1, 1]);
    const b = withGrad(param([1, 1]), [1, 1]);
    const opt = track(new d.optim.SGD([{ params: [a] }, { params: [b], lr: 0.5 }], { lr: 0.1 }));
    expect(opt.paramGroups[0].lr).to.equal(0.1);
    expect(opt.paramGroups[1].lr).to.equal(0.5);
    expect(opt.paramGroups[1].momentum).to.equal(0);
    opt.step();
    expect(Array.from(a.toFloat32Array())).to.deep.equal([Math.fround(0.9), Math.fround(0.9)]);
    expect(Array.from(b.toFloat32Array())).to.deep.equal([0.5, 0.5]);
  });

  it('uses a learning rate written into paramGroups, and checks it at the next step', () => {
    const a = withGrad(param([1, 1]), [1, 1]);
    const opt = track(new d.optim.Adam([a]));
    opt.paramGroups[0].lr = 0;
    opt.step();
    expect(Array.from(a.toFloat32Array())).to.deep.equal([1, 1]);
    opt.paramGroups[0].lr = -1;
    expect(() => opt.step()).to.throw(RangeError, 'Invalid learning rate: -1');
  });

  it('skips params without a gradient and returns the closure result', () => {
    const a = withGrad(param([1]), [1]);
    const b = param([1]);
    const opt = track(new d.optim.SGD([a, b], { lr: 1 }));
    let calls = 0;
    const result = opt.step(() => {
      calls++;
      return 42;
    });
    expect(result).to.equal(42);
    expect(calls).to.equal(1);
    expect(a.item()).to.equal(0);
    expect(b.item()).to.equal(1);
    expect(Object.keys(opt.stateDict().state)).to.deep.equal([]);
  });

  it('refuses a gradient of the wrong shape before changing any param or state', () => {
    const a = withGrad(param([1, 2]), [1, 1]);
    const b = withGrad(param([1, 2, 3]), [1, 1, 1]);
    const opt = track(new d.optim.Adam([a, b], { lr: 0.1 }));
    opt.step();
    const before = JSON.stringify(opt.stateDict());
    const [pa, pb] = [a.toFloat32Array(), b.toFloat32Array()];
    // A wrong-shaped gradient is refused at assignment already (as torch does).
    const wrong = d.tensor([[1, 1, 1]]);
    expect(() => { b.grad = wrong; }).to.throw(Error, 'grad: a gradient of shape [1,3] cannot be assigned to a tensor of shape [3]');
    wrong.dispose();
    expect(a.toFloat32Array()).to.deep.equal(pa);
    expect(b.toFloat32Array()).to.deep.equal(pb);
    expect(JSON.stringify(opt.stateDict())).to.equal(before);
  });

  it('zeroGrad zeros gradients in place, or drops them', () => {
    const a = withGrad(param([1, 2]), [3, 4]);
    const opt = track(new d.optim.SGD([a], { lr: 0.1 }));
    const g = a.grad;
    opt.zeroGrad();
    expect(a.grad).to.equal(g);
    expect(Array.from(a.grad.toFloat32Array())).to.deep.equal([0, 0]);
    opt.zeroGrad(true);
    expect(a.grad).to.equal(null);
  });

  it('frees its state buffers on dispose and refuses use afterwards', () => {
    const a = withGrad(param(new Float32Array(1000)), new Float32Array(1000).fill(1));
    const before = d.memory().bytes;
    const opt = track(new d.optim.Adam([a], { amsgrad: true }));
    opt.step();
    expect(d.memory().bytes - before).to.be.at.least(3 * 4000);
    opt.dispose();
    expect(d.memory().bytes).to.equal(before);
    expect(() => opt.step()).to.throw(Error, 'disposed');
  });
});

describe('optimizer state dicts', () => {
  function trained(options = {}) {
    const a = withGrad(param([0.5, -0.25, 3, 7, -1]), [0.1, -0.3, 2, 0, -5]);
    const b = withGrad(param([[1, 2], [3, 4]]), [[1, -1], [0.5, 0]]);
    const opt = track(new d.optim.Adam([{ params: [a] }, { params: [b], lr: 0.01 }], { amsgrad: true, ...options }));
    for (let i = 0; i < 3; i++) opt.step();
    return { opt, a, b };
  }

  it('is plain JSON keyed by param index, like torch', () => {
    const { opt } = trained();
    const s = opt.stateDict();
    expect(Object.keys(s.state)).to.deep.equal(['0', '1']);
    expect(Object.keys(s.state[0]).sort()).to.deep.equal(['expAvg', 'expAvgSq', 'maxExpAvgSq', 'step']);
    expect(s.state[1].step).to.equal(3);
    expect(s.state[1].expAvg).to.have.length(4);
    expect(s.paramGroups[0].params).to.deep.equal([0]);
    expect(s.paramGroups[1]).to.include({ lr: 0.01, amsgrad: true });
    expect(s.paramGroups[1].params).to.deep.equal([1]);
  });

  it('round-trips bit-exactly through JSON text, -0 and non-finite values included', () => {
    const { opt, a, b } = trained();
    const text = JSON.stringify(opt.stateDict());
    const a2 = withGrad(param(a.toFloat32Array()), a.grad.toFloat32Array());
    const b2 = withGrad(track(d.tensor(b.toArray(), { requiresGrad: true })), [[1, -1], [0.5, 0]]);
    const opt2 = track(new d.optim.Adam([{ params: [a2] }, { params: [b2] }]));
    opt2.loadStateDict(JSON.parse(text));
    expect(JSON.stringify(opt2.stateDict())).to.equal(text);
    expect(opt2.paramGroups[1].lr).to.equal(0.01);
    for (let i = 0; i < 2; i++) {
      opt.step();
      opt2.step();
    }
    expect(a2.toFloat32Array()).to.deep.equal(a.toFloat32Array());
    expect(b2.toFloat32Array()).to.deep.equal(b.toFloat32Array());
    const special = opt.stateDict();
    special.state[0].expAvg = [-0, NaN, Infinity, -Infinity, 1e-45].map((x) => (Object.is(x, -0) ? '-0' : Number.isFinite(x) ? x : String(x)));
    opt.loadStateDict(JSON.parse(JSON.stringify(special)));
    expect(opt.stateDict().state[0].expAvg).to.deep.equal(['-0', 'NaN', 'Infinity', '-Infinity', Math.fround(1e-45)]);
  });

  it('refuses a state of the wrong shape or names, changing nothing', () => {
    const { opt } = trained();
    const good = opt.stateDict();
    const before = JSON.stringify(good);
    const bad = [
      (s) => { s.state[1].expAvg.pop(); },
      (s) => { delete s.state[0].maxExpAvgSq; },
      (s) => { s.state[0].momentumBuffer = [0, 0, 0, 0, 0]; },
      (s) => { s.state[7] = s.state[0]; },
      (s) => { s.paramGroups.pop(); },
      (s) => { s.paramGroups[0].params.push(1); },
      (s) => { s.paramGroups[1].betas = [1.5, 0.9]; },
      (s) => { s.state[0].expAvg[2] = 'x'; },
    ];
    for (const spoil of bad) {
      const s = JSON.parse(before);
      spoil(s);
      expect(() => opt.loadStateDict(s)).to.throw();
      expect(JSON.stringify(opt.stateDict())).to.equal(before);
    }
  });
});

describe('optimizer state follows option changes', () => {
  it('SGD drops its momentum buffer when momentum goes to 0, and starts a fresh one after (as torch)', () => {
    const p = d.tensor([1, 2], { requiresGrad: true });
    p.grad = d.tensor([1, 1]);
    const opt = new d.optim.SGD([p], { lr: 0.1, momentum: 0.9 });
    opt.step();
    expect(Object.keys(opt.stateDict().state[0])).to.deep.equal(['momentumBuffer']);
    opt.paramGroups[0].momentum = 0;
    expect(opt.stateDict().state).to.deep.equal({});
    opt.step();
    opt.paramGroups[0].momentum = 0.5;
    const before = p.toFloat32Array();
    opt.step(); // fresh buffer = g, so the step is exactly lr·g
    expect(Array.from(p.toFloat32Array())).to.deep.equal(Array.from(before, (v) => Math.fround(v - Math.fround(0.1))));
    opt.dispose();
    p.dispose();
  });

  it('a state dict taken after switching amsgrad on loads back', () => {
    const p = d.tensor([1, 2, 3], { requiresGrad: true });
    p.grad = d.tensor([1, -1, 0.5]);
    const opt = new d.optim.Adam([p]);
    opt.step();
    opt.paramGroups[0].amsgrad = true;
    const dict = JSON.parse(JSON.stringify(opt.stateDict()));
    expect(dict.state[0].maxExpAvgSq).to.deep.equal([0, 0, 0]);
    opt.loadStateDict(dict);
    expect(JSON.stringify(opt.stateDict())).to.equal(JSON.stringify(dict));
    opt.dispose();
    p.dispose();
  });
});
