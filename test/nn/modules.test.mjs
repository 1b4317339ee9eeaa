// Modules as torch: attributes register themselves in assignment order, state dict keys and
// printing are torch 1.13's (test/fixtures/modules.mjs, written by tools/reference/modules.py),
// containers, hooks, buffers, apply/requiresGrad_, and the activation modules' values and
// gradients against torch.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import fixture from '../fixtures/modules.mjs';
import { expectClose } from '../helpers/assert.mjs';

const { nn } = d;

class Net extends nn.Module {
  fc1 = new nn.Linear(4, 3);
  act = new nn.ReLU();
  w = nn.Parameter(d.randn([2]));
  blocks = new nn.ModuleList([new nn.Linear(3, 3), new nn.Tanh(), new nn.Linear(3, 2)]);
  heads = new nn.ModuleDict({ cls: new nn.Linear(2, 2), reg: new nn.Linear(2, 1) });
  seq = new nn.Sequential({ a: new nn.Linear(2, 2), b: new nn.Sigmoid() });

  constructor() {
    super();
    this.registerBuffer('scale', d.ones([2]));
    this.registerBuffer('tmp', d.zeros([1]), { persistent: false });
    this.flat = new nn.Flatten(0, 1);
  }

  forward(x) {
    let h = this.act.call(this.fc1.call(x));
    for (const block of this.blocks) h = block.call(h);
    return this.seq.call(this.heads.cls.call(h)).mul(this.scale);
  }
}

class Tied extends nn.Module {
  embed = new nn.Linear(3, 3);
  out = new nn.Linear(3, 3);
  constructor() {
    super();
    this.out.weight = this.embed.weight;
    this.shared = this.embed;
  }
  forward(x) {
    return this.out.call(this.embed.call(x));
  }
}

function structure(m) {
  return {
    stateDict: Object.keys(m.stateDict()),
    parameters: m.namedParameters().map(([n]) => n),
    buffers: m.namedBuffers().map(([n]) => n),
    modules: m.namedModules().map(([n]) => n),
    children: m.namedChildren().map(([n]) => n),
    repr: String(m),
  };
}

const activations = () => new nn.Sequential(new nn.Identity(), new nn.ELU(), new nn.SiLU(), new nn.Mish(), new nn.Softplus(),
  new nn.Softmax(1), new nn.LogSoftmax(1), new nn.Hardtanh(), new nn.PReLU(), new nn.PReLU(3, 0.1), new nn.LeakyReLU(0.2),
  new nn.GELU(), new nn.Dropout(0.3), new nn.Flatten(), new nn.Linear(3, 2, { bias: false }));
const losses = () => new nn.ModuleList([new nn.CrossEntropyLoss({ weight: d.ones([3]) }), new nn.MSELoss(), new nn.L1Loss(),
  new nn.HuberLoss(), new nn.SmoothL1Loss(), new nn.BCELoss(), new nn.BCEWithLogitsLoss({ posWeight: d.ones([2]) }),
  new nn.NLLLoss(), new nn.KLDivLoss()]);

describe('modules: structure and names as torch 1.13', () => {
  for (const [name, make] of [['net', () => new Net()], ['tied', () => new Tied()], ['activations', activations], ['losses', losses]]) {
    it(`${name}: stateDict keys, named parameters/buffers/modules/children and printing`, () => {
      expect(structure(make())).to.deep.equal(fixture.models[name]);
    });
  }

  it('a model runs, and its state dict round-trips (persistent buffers included)', () => {
    const a = new Net();
    const b = new Net();
    a.loadStateDict({ ...a.stateDict(), scale: d.full([2], 3) });
    b.loadStateDict(a.stateDict());
    expect(b.scale.toArray()).to.deep.equal([3, 3]);
    const x = d.randn([5, 4], { seed: 3 });
    expect(b.call(x).toArray()).to.deep.equal(a.call(x).toArray());
  });

  it('tied weights are listed once in parameters() and get one gradient from both uses', () => {
    const m = new Tied();
    expect(m.parameters()).to.have.length(3);
    expect(m.out.weight).to.equal(m.embed.weight);
    m.call(d.randn([2, 3], { seed: 1 })).sum().backward();
    expect(m.embed.weight.grad).to.not.equal(null);
  });

  it('reassigning a registered attribute follows it; assigning null removes it from parameters', () => {
    const m = new Net();
    const replacement = new nn.Linear(4, 3);
    m.fc1 = replacement;
    expect(m.namedChildren()[0][1]).to.equal(replacement);
    expect(Object.keys(m.stateDict())[2]).to.equal('fc1.weight');
    m.w = null;
    expect(m.namedParameters().map(([n]) => n)).to.not.include('w');
    expect(() => { m.blocks = 3; m.parameters(); }).to.throw(TypeError, /cannot assign number 3 to the submodule blocks/);
  });
});

describe('modules: the tree', () => {
  it('modules() is recursive and starts with the module itself; children() are direct', () => {
    const m = new Net();
    expect(m.modules()[0]).to.equal(m);
    expect(m.children()).to.have.length(6);
    expect(m.modules()).to.have.length(14);
  });

  it('apply visits children before parents; requiresGrad_ freezes every parameter', () => {
    const m = new nn.Sequential(new nn.Linear(2, 2), new nn.Sequential(new nn.ReLU()));
    const seen = [];
    m.apply((x) => seen.push(x.constructor.name));
    expect(seen).to.deep.equal(['Linear', 'ReLU', 'Sequential', 'Sequential']);
    expect(m.requiresGrad_(false)).to.equal(m);
    expect(m.parameters().every((p) => !p.requiresGrad)).to.equal(true);
    m.requiresGrad_();
    expect(m.parameters().every((p) => p.requiresGrad)).to.equal(true);
  });

  it('Sequential: length, at, iteration, append, named entries (object or Map)', () => {
    const s = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU());
    expect(s.length).to.equal(2);
    expect(s.at(-1)).to.be.instanceOf(nn.ReLU);
    expect([...s].map((m) => m.constructor.name)).to.deep.equal(['Linear', 'ReLU']);
    s.append(new nn.Linear(3, 1));
    expect(Object.keys(s.stateDict())).to.deep.equal(['0.weight', '0.bias', '2.weight', '2.bias']);
    const named = new nn.Sequential(new Map([['enc', new nn.Linear(2, 2)], ['out', new nn.Linear(2, 1)]]));
    expect(Object.keys(named.stateDict())).to.deep.equal(['enc.weight', 'enc.bias', 'out.weight', 'out.bias']);
    expect(() => s.at(3)).to.throw(RangeError, /Sequential.at: index 3 is out of range for 3 modules/);
  });

  it('ModuleList and ModuleDict: indexing, insert, keys; no forward', () => {
    const l = new nn.ModuleList([new nn.ReLU(), new nn.Tanh()]);
    l.insert(1, new nn.Sigmoid());
    expect([...l].map((m) => m.constructor.name)).to.deep.equal(['ReLU', 'Sigmoid', 'Tanh']);
    expect(() => l.forward()).to.throw(/has no forward/);
    const dict = new nn.ModuleDict({ b: new nn.ReLU(), a: new nn.Tanh() });
    expect(dict.keys()).to.deep.equal(['b', 'a']);
    expect(dict.get('a')).to.be.instanceOf(nn.Tanh);
    expect(dict.a).to.equal(dict.get('a'));
    expect(() => dict.set('training', new nn.ReLU())).to.throw(/attribute 'training' already exists/);
  });
});

describe('modules: buffers, hooks, several arguments', () => {
  it('registerBuffer: in stateDict when persistent, in buffers() always, survives tidy', () => {
    const m = d.tidy(() => new Net());
    expect(m.buffers()).to.have.length(2);
    expect(m.scale.toArray()).to.deep.equal([1, 1]);
    expect(() => m.registerBuffer('x', d.ones([1]), { persist: true })).to.throw(/unknown option 'persist'/);
    expect(() => m.registerBuffer('fc1', d.ones([1]))).to.throw(/already registered as a module/);
  });

  it('forward pre-hooks and hooks run in call(), can replace args and output, and can be removed', () => {
    const lin = new nn.Linear(2, 1, { init: 'zeros' });
    const calls = [];
    const pre = lin.registerForwardPreHook((m, args) => { calls.push(['pre', args[0].shape]); return [args[0].mul(2)]; });
    const post = lin.registerForwardHook((m, args, out) => { calls.push(['post', out.shape]); return out.add(1); });
    expect(lin.call(d.ones([3, 2])).toArray()).to.deep.equal([[1], [1], [1]]);
    expect(calls).to.deep.equal([['pre', [3, 2]], ['post', [3, 1]]]);
    pre.remove();
    post.remove();
    expect(lin.call(d.ones([1, 2])).toArray()).to.deep.equal([[0]]);
  });

  it('forward(...args) with several arguments, through call()', () => {
    class Pair extends nn.Module {
      forward(a, b, { scale = 1 } = {}) {
        return a.add(b).mul(scale);
      }
    }
    expect(new Pair().call(d.ones([2]), d.ones([2]), { scale: 3 }).toArray()).to.deep.equal([6, 6]);
  });
});

describe('activation modules against torch 1.13', () => {
  for (const c of fixture.activations) {
    it(`${c.name}(${c.args.join(', ')}): values and gradients`, () => {
      const m = new nn[c.name](...c.args);
      const x = d.tensor(c.x, { shape: c.shape, requiresGrad: true });
      const y = m.call(x);
      expectClose(y.toFloat32Array(), c.y, { rtol: 1e-5, atol: 1e-6, what: 'value' });
      y.mul(d.tensor(c.upstream, { shape: y.shape })).sum().backward();
      expectClose(x.grad.toFloat32Array(), c.grad, { rtol: 1e-5, atol: 1e-6, what: 'grad' });
      if (c.weightGrad) expectClose(m.weight.grad.toFloat32Array(), c.weightGrad, { rtol: 1e-5, atol: 1e-6, what: 'weight grad' });
    });
  }

  it('Flatten(startDim, endDim) and t.flatten as torch', () => {
    const x = d.zeros([2, 3, 4, 5]);
    expect(new nn.Flatten().call(x).shape).to.deep.equal([2, 60]);
    expect(new nn.Flatten(0, 1).call(x).shape).to.deep.equal([6, 4, 5]);
    expect(x.flatten(1, 2).shape).to.deep.equal([2, 12, 5]);
    expect(x.flatten().shape).to.deep.equal([120]);
    expect(() => x.flatten(2, 1)).to.throw(/startDim 2 comes after endDim 1/);
  });
});
