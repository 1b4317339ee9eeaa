// Regression tests for the defects an outside hostile check found (issue 13), one block per
// class of defect. Each failed before its fix.
import { expect } from 'chai';
import * as d from '../../dist/index.js';

describe('hostile: tidy keeps what it returns, at any depth', () => {
  it('a tensor 13 levels deep in plain objects, in arrays, Maps, Sets and null-prototype objects survives', () => {
    const before = d.memory().tensors;
    const result = d.tidy(() => {
      let deep = { t: d.ones([2]) };
      for (let i = 0; i < 13; i++) deep = { inner: deep };
      const bare = Object.create(null);
      bare.t = d.ones([1]);
      const cyclic = { t: d.ones([3]) };
      cyclic.self = cyclic;
      d.ones([4]); // dropped: freed
      return { deep, list: [[[[d.ones([5])]]]], map: new Map([['k', d.ones([6])]]), set: new Set([d.ones([7])]), bare, cyclic };
    });
    let deep = result.deep;
    for (let i = 0; i < 13; i++) deep = deep.inner;
    expect(deep.t.toArray()).to.deep.equal([1, 1]);
    expect(result.list[0][0][0][0].size).to.equal(5);
    expect(result.map.get('k').size).to.equal(6);
    expect([...result.set][0].size).to.equal(7);
    expect(result.bare.t.size).to.equal(1);
    expect(result.cyclic.t.size).to.equal(3);
    expect(d.memory().tensors - before, 'six kept, the dropped one freed').to.equal(6);
    for (const t of [deep.t, result.list[0][0][0][0], result.map.get('k'), [...result.set][0], result.bare.t, result.cyclic.t]) t.dispose();
    expect(d.memory().tensors).to.equal(before);
  });

  it('a result whose getter throws frees what was made and rethrows', () => {
    const before = d.memory().tensors;
    const bad = () => d.tidy(() => {
      d.ones([2]);
      return { get t() { throw new Error('boom'); } };
    });
    expect(bad).to.throw(Error, 'boom');
    expect(d.memory().tensors).to.equal(before);
  });
});

describe('hostile: a second backward through the same graph is refused', () => {
  it('throws before touching .grad; retainGraph-style walks (hessian, createGraph) still work', () => {
    const x = d.tensor([1, 2], { requiresGrad: true });
    const y = x.mul(x).sum();
    y.backward();
    expect(x.grad.toArray()).to.deep.equal([2, 4]);
    expect(() => y.backward()).to.throw(Error, /^backward: the graph of sum was already walked by an earlier backward\(\); pass \{ retainGraph: true \}/);
    expect(x.grad.toArray(), 'not doubled').to.deep.equal([2, 4]);
    // A new graph from the same leaf is fine.
    const z = x.mul(3).sum();
    z.backward();
    expect(x.grad.toArray()).to.deep.equal([5, 7]);
    // createGraph keeps the graph (torch: retain_graph defaults to create_graph).
    const w = x.mul(x).sum();
    w.backward(undefined, { createGraph: true });
    w.backward(undefined, { createGraph: true });
    const h = d.hessian((v) => v.mul(v).mul(v).sum())(d.tensor([1, 2]));
    expect(h.toArray()).to.deep.equal([[6, 0], [0, 12]]);
    for (const t of [x, y, z, w, h]) t.dispose();
  });
});

describe('hostile: mean does not overflow where the float64 mean is finite', () => {
  it('all axes, one axis and separate axis groups; messages name mean', () => {
    expect(d.mean(d.tensor([3e38, 3e38, -3e38])).item()).to.equal(Math.fround(1e38));
    expect(d.tensor([[3e38, 3e38], [1, 2]]).mean(1).toArray()).to.deep.equal([Math.fround(3e38), 1.5]);
    expect(d.full([2, 3, 2], 3e38).mean([0, 2]).toArray()).to.deep.equal([Math.fround(3e38), Math.fround(3e38), Math.fround(3e38)]);
    expect(d.full([4], 3e38).mean(0, true).toArray()).to.deep.equal([Math.fround(3e38)]);
    expect(Number.isNaN(d.zeros([0]).mean().item())).to.equal(true);
    // Rounded once: the float64 mean of float32 values, then float32.
    const values = Float32Array.from({ length: 1001 }, (_, i) => Math.fround(Math.sin(i) * 1e3));
    const exact = Math.fround(values.reduce((s, v) => s + v, 0) / values.length);
    expect(d.tensor(values).mean().item()).to.equal(exact);
    expect(() => d.mean(d.zeros([2]), 3)).to.throw(RangeError, /^mean: axis 3 is out of range/);
    expect(() => d.mean(d.zeros([2]), 0, 'yes')).to.throw(TypeError, /^mean: keepDim must be a boolean/);
  });
});

/** A small trained setup: params, an optimizer of `Class` after two steps, and a sentinel tensor. */
function trained(Class, options = {}) {
  const w = d.tensor([0.5, -1, 2], { requiresGrad: true });
  const opt = new Class([w], { lr: 0.1, ...options });
  const loss = () => w.mul(w).sum();
  for (let i = 0; i < 2; i++) {
    if (Class === d.optim.LBFGS) {
      opt.step(() => {
        opt.zeroGrad();
        const l = loss();
        l.backward();
        return l;
      });
    } else {
      opt.zeroGrad();
      const l = loss();
      l.backward();
      l.dispose();
      opt.step();
    }
  }
  return { w, opt };
}

function bitsOf(t) {
  return Array.from(new Uint32Array(t.toFloat32Array().buffer));
}

describe('hostile: optimizer state dicts are validated whole before anything changes', () => {
  const ADAMS = ['Adam', 'AdamW', 'NAdam', 'RAdam', 'Adamax', 'Adagrad', 'Adadelta'];

  for (const name of ADAMS) {
    it(`${name}: a step of "Infinity", NaN, -1, 0.5 or 2^60 is refused (it hung or poisoned the update)`, () => {
      const { w, opt } = trained(d.optim[name]);
      const sentinel = d.tensor([7, 8]);
      const saved = opt.stateDict();
      const before = JSON.stringify(saved);
      const wBits = bitsOf(w);
      for (const step of ['Infinity', 'NaN', -1, 0.5, 2 ** 60, '2', null]) {
        const bad = JSON.parse(before);
        bad.state[0].step = step;
        expect(() => opt.loadStateDict(bad), `step ${step}`).to.throw(/step/);
      }
      expect(JSON.stringify(opt.stateDict())).to.equal(before);
      expect(bitsOf(w)).to.deep.equal(wBits);
      expect(sentinel.toArray()).to.deep.equal([7, 8]);
      opt.loadStateDict(JSON.parse(before)); // the real one still loads
      for (const t of [w, sentinel]) t.dispose();
      opt.dispose();
    });
  }

  it('unknown group keys, an own __proto__, aliasing state keys and { state: [] } are refused', () => {
    const { w, opt } = trained(d.optim.Adam);
    const before = JSON.stringify(opt.stateDict());
    const mutate = (fn) => {
      const dict = JSON.parse(before);
      fn(dict);
      return dict;
    };
    const cases = {
      unknownGroupKey: mutate((s) => { s.paramGroups[0].momentum = 0.9; }),
      protoKey: JSON.parse(before.replace('"lr":', '"__proto__":{"polluted":1},"lr":')),
      stateKeyZeroPointZero: mutate((s) => { s.state['0.0'] = s.state[0]; delete s.state[0]; }),
      stateKeyEmpty: mutate((s) => { s.state[''] = s.state[0]; delete s.state[0]; }),
      stateKeyPadded: mutate((s) => { s.state[' 0'] = s.state[0]; delete s.state[0]; }),
      stateArray: mutate((s) => { s.state = []; }),
      unknownTopLevel: mutate((s) => { s.extra = 1; }),
      unknownStateKey: mutate((s) => { s.state[0].extra = [1, 2, 3]; }),
      holeInBuffer: mutate((s) => { s.state[0].expAvg = [1, , 3]; }), // eslint-disable-line no-sparse-arrays
      nullGroup: mutate((s) => { s.paramGroups[0] = null; }),
      nonFiniteInitialLr: mutate((s) => { s.paramGroups[0].initialLr = 'NaN'; }),
    };
    expect(Object.keys(JSON.parse(before.replace('"lr":', '"__proto__":{"polluted":1},"lr":')).paramGroups[0])).to.include('__proto__');
    for (const [name, dict] of Object.entries(cases)) {
      expect(() => opt.loadStateDict(dict), name).to.throw(/Adam\.loadStateDict/);
    }
    expect(JSON.stringify(opt.stateDict())).to.equal(before);
    expect(Object.getPrototypeOf(opt.paramGroups[0])).to.equal(Object.prototype);
    expect(opt.paramGroups[0].polluted).to.equal(undefined);
    w.dispose();
    opt.dispose();
  });

  it('L-BFGS: null d or prevFlatGrad after an iteration, holes or nulls in the memory, bad counts are refused', () => {
    const { w, opt } = trained(d.optim.LBFGS, { historySize: 5 });
    const sentinel = d.tensor([7, 8]);
    const before = JSON.stringify(opt.stateDict());
    const wBits = bitsOf(w);
    const s0 = JSON.parse(before).state[0];
    expect(s0.nIter).to.be.above(1);
    expect(s0.oldDirs.length).to.be.above(0);
    const mutate = (fn) => {
      const dict = JSON.parse(before);
      fn(dict.state[0]);
      return dict;
    };
    const cases = {
      nullD: mutate((s) => { s.d = null; }),
      nullPrevFlatGrad: mutate((s) => { s.prevFlatGrad = null; }),
      nullT: mutate((s) => { s.t = null; }),
      nullHDiag: mutate((s) => { s.hDiag = null; }),
      holeInOldDirs: mutate((s) => { s.oldDirs = [, ...s.oldDirs.slice(1)]; }), // eslint-disable-line no-sparse-arrays
      nullInOldStps: mutate((s) => { s.oldStps[0] = null; }),
      shortVector: mutate((s) => { s.d = [1]; }),
      tooManyPairs: mutate((s) => { for (let i = 0; i < 6; i++) { s.oldDirs.push(s.oldDirs[0]); s.oldStps.push(s.oldStps[0]); s.ro.push(s.ro[0]); } }),
      negativeCount: mutate((s) => { s.nIter = -1; }),
      fractionalCount: mutate((s) => { s.funcEvals = 1.5; }),
      infiniteRo: mutate((s) => { s.ro[0] = 'Infinity'; }),
      nanT: mutate((s) => { s.t = 'NaN'; }),
      memoryBeforeFirstIteration: mutate((s) => { s.nIter = 0; }),
      extraKey: mutate((s) => { s.extra = 1; }),
      missingKey: mutate((s) => { delete s.hDiag; }),
    };
    for (const [name, dict] of Object.entries(cases)) {
      expect(() => opt.loadStateDict(dict), name).to.throw(/LBFGS\.loadStateDict/);
    }
    expect(JSON.stringify(opt.stateDict()), 'history untouched').to.equal(before);
    expect(bitsOf(w)).to.deep.equal(wBits);
    expect(sentinel.toArray()).to.deep.equal([7, 8]);
    for (const t of [w, sentinel]) t.dispose();
    opt.dispose();
  });
});

describe('hostile: L-BFGS closures that throw, leak or dispose the optimizer', () => {
  it('a closure throwing mid line search restores the parameters and frees everything', () => {
    const before = d.memory();
    const w = d.tensor([1.5, -2], { requiresGrad: true });
    const opt = new d.optim.LBFGS([w], { lineSearchFn: 'strong_wolfe' });
    const wBits = bitsOf(w);
    let calls = 0;
    expect(() => opt.step(() => {
      if (++calls === 3) throw new Error('closure failed');
      opt.zeroGrad();
      const l = w.mul(w).sum().mul(w.sum().add(3));
      l.backward();
      return l;
    })).to.throw('closure failed');
    expect(bitsOf(w), 'parameters restored').to.deep.equal(wBits);
    opt.dispose();
    w.dispose();
    const after = d.memory();
    expect([after.tensors, after.bytes]).to.deep.equal([before.tensors, before.bytes]);
  });

  it('line-search evaluations free their losses; disposing the optimizer inside its closure leaks nothing', () => {
    const before = d.memory();
    const w = d.tensor([1.5, -2], { requiresGrad: true });
    const opt = new d.optim.LBFGS([w], { lineSearchFn: 'strong_wolfe', maxIter: 5 });
    const closure = () => {
      opt.zeroGrad();
      const l = w.mul(w).sum();
      l.backward();
      return l;
    };
    opt.step(closure).dispose();
    opt.step(closure).dispose();
    opt.dispose();
    const v = d.tensor([1.5, -2], { requiresGrad: true });
    const vBits = bitsOf(v);
    const opt2 = new d.optim.LBFGS([v]);
    let calls = 0;
    expect(() => opt2.step(() => {
      if (++calls === 2) opt2.dispose();
      opt2.zeroGrad();
      const l = v.mul(v).sum();
      l.backward();
      return l;
    })).to.throw(/LBFGS\.step: the closure disposed the optimizer/);
    expect(bitsOf(v), 'parameters restored').to.deep.equal(vBits);
    v.dispose();
    const sgd = new d.optim.SGD([w], { lr: 0.1 });
    expect(() => sgd.step(() => { sgd.dispose(); return 0; })).to.throw(/SGD\.step: the closure disposed the optimizer/);
    w.dispose();
    const after = d.memory();
    expect([after.tensors, after.bytes]).to.deep.equal([before.tensors, before.bytes]);
  });
});

describe('hostile: leaks', () => {
  it('d.add(1, 2), d.neg(number), huberLoss, an anomaly error, a failing backward and BigInt data free what they make', () => {
    const before = d.memory();
    d.add(1, 2).dispose();
    d.mul(3, 4).dispose();
    const a = d.tensor([1, 5], { requiresGrad: true });
    const b = d.tensor([0, 0]);
    d.nn.functional.huberLoss(a, b).dispose();
    d.noGrad(() => d.nn.functional.huberLoss(a, b)).dispose();
    d.anomalyMode(true);
    try {
      expect(() => d.log(d.tensor([-1]))).to.throw(/log/);
    } finally {
      d.anomalyMode(false);
    }
    expect(() => d.tensor(new BigInt64Array(2))).to.throw(TypeError, /BigInt64Array/);
    const y = a.mul(a);
    expect(() => y.backward()).to.throw(/backward/); // not a scalar
    y.dispose();
    a.dispose();
    b.dispose();
    // The anomaly test's input tensor, d.tensor([-1]), is the one left: it was never disposed.
    const after = d.memory();
    expect(after.tensors - before.tensors, 'only the anomaly test input is left').to.equal(1);
  });
});

describe('hostile: checkpoints are verified whole, before anything changes', () => {
  function setup() {
    d.manualSeed(3);
    const model = new d.nn.Linear(2, 1, { seed: 1 });
    const optimizer = new d.optim.Adam(model.parameters(), { lr: 0.1 });
    const loss = d.nn.functional.mseLoss(model.forward(d.tensor([[1, 2]])), d.tensor([[1]]));
    loss.backward();
    loss.dispose();
    optimizer.step();
    return { model, optimizer };
  }
  const state = ({ model, optimizer }) => JSON.stringify([model.weight.toArray(), model.bias.toArray(), optimizer.stateDict()]);

  it('every single-byte change of the header or data, and every truncation, is refused, leaving model and optimizer as they were', () => {
    const run = setup();
    const bytes = d.save({ model: run.model, optimizer: run.optimizer, metadata: { epoch: 3 } });
    const target = setup();
    target.model.weight.grad = null;
    const before = state(target);
    const generator = d.rand([2]).toArray();
    let refused = 0;
    for (let i = 0; i < bytes.length; i += 1 + Math.floor(i / 64)) {
      const bad = bytes.slice();
      bad[i] ^= 0x20;
      try {
        d.load(bad, { model: target.model, optimizer: target.optimizer });
      } catch {
        refused++;
        continue;
      }
      expect.fail(`a change of byte ${i} of ${bytes.length} was accepted`);
    }
    for (const n of [0, 7, 8, 100, bytes.length - 1]) {
      expect(() => d.load(bytes.slice(0, n), { model: target.model, optimizer: target.optimizer })).to.throw(/load|safetensors/);
    }
    expect(refused).to.be.above(50);
    expect(state(target), 'nothing changed').to.equal(before);
    d.load(bytes, { model: target.model, optimizer: target.optimizer });
    expect(state(target)).to.equal(state(run));
    expect(generator.length).to.equal(2);
  });

  it('a bad generator field is refused before the optimizer is touched; metadata NaN, ±Infinity, -0 round-trip', () => {
    const run = setup();
    const meta = { loss: NaN, best: -Infinity, top: Infinity, zero: -0, nested: [{ $number: 'x' }], text: 'NaN' };
    const bytes = d.save({ model: run.model, optimizer: run.optimizer, metadata: meta });
    const back = d.load(bytes, { model: run.model, optimizer: run.optimizer }).metadata;
    expect(Number.isNaN(back.loss)).to.equal(true);
    expect([back.best, back.top, Object.is(back.zero, -0), back.nested, back.text]).to.deep.equal([-Infinity, Infinity, true, [{ $number: 'x' }], 'NaN']);
    expect(() => d.save({ metadata: { big: 1n } })).to.throw(TypeError, /save: metadata must be JSON data/);
    const cyclic = {};
    cyclic.self = cyclic;
    expect(() => d.save({ metadata: cyclic })).to.throw(TypeError, /cycle/);
  });

  it('signalling-NaN payloads and a tensor named __proto__ survive saveTensors / loadTensors', () => {
    const words = new Uint32Array([0x7f800001, 0x7fa00000, 0xffc12345, 0x7fc00000]);
    const t = d.tensor(new Float32Array(words.buffer));
    const named = {};
    Object.defineProperty(named, '__proto__', { value: t, enumerable: true });
    const back = d.io.loadTensors(d.io.saveTensors(named));
    const got = back.tensors.__proto__; // eslint-disable-line no-proto
    expect(Object.keys(back.tensors)).to.deep.equal(['__proto__']);
    expect(Array.from(new Uint32Array(got.toFloat32Array().buffer))).to.deep.equal(Array.from(words));
    expect(() => d.io.saveTensors({ __proto__: t })).to.throw(TypeError, /prototype/);
    t.dispose();
    got.dispose();
  });
});

describe('hostile: the engine survives a second evaluation of the entry module', () => {
  it('a cache-busting import keeps live tensors readable', async () => {
    const t = d.tensor([5, 6]);
    const again = await import(`../../dist/index.js?second=${Date.now()}`);
    const u = again.tensor([1, 2]);
    expect(t.toArray()).to.deep.equal([5, 6]);
    expect(u.add(t).toArray()).to.deep.equal([6, 8]);
    t.dispose();
    u.dispose();
  });
});

describe('hostile: tensor internals are read-only and the constructor is not a way in', () => {
  it('shape, size and the storage cannot be reassigned; new d.Tensor and new t.constructor are refused', () => {
    const t = d.tensor([1, 2, 3]);
    expect(() => { t.size = 8; }).to.throw(TypeError);
    expect(() => { t.shape = [8]; }).to.throw(TypeError);
    expect(() => t.shape.push(1)).to.throw(TypeError);
    expect([t.size, t.shape]).to.deep.equal([3, [3]]);
    expect(() => new d.Tensor([1, 2, 3])).to.throw(TypeError, /Tensor: not a public constructor; make tensors with d\.tensor/);
    expect(() => new t.constructor([1, 2, 3])).to.throw(TypeError, /not a public constructor/);
    expect(t).to.be.instanceOf(d.Tensor);
    const opt = new d.optim.SGD([d.tensor([1, 2], { requiresGrad: true })], { lr: 0.1 });
    const p = opt.paramGroups[0].params[0];
    expect(() => { p.size = 8; }).to.throw(TypeError);
    opt.dispose();
    p.dispose();
    t.dispose();
  });
});

describe('hostile: no raw memory fill is reachable from d', () => {
  it('a Generator has no fillUniform/fillNormal (they write any block; internal callers use src/random.ts), and no namespace exports them', () => {
    const g = new d.Generator(3);
    for (const name of ['fillUniform', 'fillNormal']) {
      expect(name in g, `Generator.prototype.${name}`).to.equal(false);
    }
    const found = [];
    const seen = new Set();
    const walk = (ns, path) => {
      if (ns === null || (typeof ns !== 'object' && typeof ns !== 'function') || seen.has(ns)) return;
      seen.add(ns);
      for (const key of Object.keys(ns)) {
        if (/^fill(Uniform|Normal)$/.test(key)) found.push(`${path}.${key}`);
        if (/^[a-z_]+$/.test(key)) walk(ns[key], `${path}.${key}`); // namespaces: d.nn, d.optim.lr_scheduler…
      }
    };
    walk(d, 'd');
    expect(found).to.deep.equal([]);
    // What they were for still works, seeded: d.rand and the layers' initialisation.
    const [a, b] = [d.rand([3], { seed: 5 }), d.rand([3], { seed: 5 })];
    expect(a.toArray()).to.deep.equal(b.toArray());
    expect(new Set(a.toArray()).size).to.equal(3);
    a.dispose();
    b.dispose();
    g.dispose();
  });
});

describe('hostile: objects of another engine are refused', () => {
  it('a model whose parameters are not this copy\'s tensors is refused by save, load and the optimizers', () => {
    const foreign = { shape: [2], size: 2, ptr: 0, requiresGrad: true, grad: null, dispose() {} };
    const model = { namedParameters: () => [['w', foreign]] };
    const sentinel = d.tensor([7, 8]);
    const good = new d.nn.Linear(2, 1);
    const bytes = d.save({ model: good });
    expect(() => d.save({ model })).to.throw(TypeError, /save: model parameter w is not a Tensor of this copy/);
    expect(() => d.load(bytes, { model })).to.throw(/load: /);
    expect(() => new d.optim.SGD([foreign], { lr: 0.1 })).to.throw(TypeError, /SGD/);
    expect(sentinel.toArray()).to.deep.equal([7, 8]);
    sentinel.dispose();
    good.dispose();
  });
});

describe('hostile: messages name the function the user called', () => {
  it('neg, arange/linspace/eye beyond memory, deep nesting, betas: undefined', () => {
    expect(() => d.neg('x')).to.throw(TypeError, /^neg: input must be a Tensor or a number/);
    expect(() => d.zeros('x')).to.throw(TypeError, /^zeros: shape/);
    expect(() => d.ones([-1])).to.throw(RangeError, /^ones: shape/);
    expect(() => d.arange(0, 1e12)).to.throw(RangeError, /^arange: 1000000000000 values/);
    expect(() => d.linspace(0, 1, 2 ** 31)).to.throw(RangeError, /^linspace: /);
    expect(() => d.eye(1e6)).to.throw(RangeError, /^eye: /);
    let deep = [];
    for (let i = 0; i < 100000; i++) deep = [deep];
    expect(() => d.tensor(deep)).to.throw(RangeError, /^tensor: data is nested more than 1024 arrays deep/);
    const p = d.tensor([1], { requiresGrad: true });
    const adam = new d.optim.Adam([p], { betas: undefined });
    expect(adam.paramGroups[0].betas).to.deep.equal([0.9, 0.999]);
    adam.dispose();
    p.dispose();
  });
});
