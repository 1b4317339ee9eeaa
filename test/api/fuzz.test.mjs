// Our own fuzzing (issue 13), with fast-check and fixed seeds so every run is the same:
// random shapes and broadcasting pairs against a float64 reference; bad arguments of every
// kind to the public functions; mutated state dicts for every optimizer and scheduler; every
// truncation and single-byte corruption of a small checkpoint. After each case: no leaked
// tensor, an unrelated sentinel tensor unchanged, and a refused call changes nothing.
import { expect } from 'chai';
import fc from 'fast-check';
import * as d from '../../dist/index.js';

const SEED = 20261203;
const f32 = Math.fround;

/** Bits of a tensor, for bit-identical comparisons. */
const bitsOf = (t) => Array.from(new Uint32Array(t.toFloat32Array().buffer));

function withSentinel(fn) {
  const sentinel = d.tensor([1.5, -2.25, 3]);
  const bits = bitsOf(sentinel);
  const before = d.memory().tensors;
  fn();
  expect(d.memory().tensors, 'no leaked tensor').to.equal(before);
  expect(bitsOf(sentinel), 'the sentinel is unchanged').to.deep.equal(bits);
  sentinel.dispose();
}

const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 3 });
/** A shape and one broadcast-compatible with it (some dimensions set to 1 or dropped). */
const pairArb = shapeArb.chain((shape) => fc.tuple(
  fc.constant(shape),
  fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }).chain((ones) =>
    fc.integer({ min: 0, max: shape.length }).map((drop) => shape.map((n, i) => (ones[i] ? 1 : n)).slice(drop))),
));
const valuesFor = (n) => fc.array(fc.float({ min: -8, max: 8, noNaN: true }).map(f32), { minLength: n, maxLength: n });

function broadcastIndex(outShape, shape, flat) {
  let index = 0;
  let stride = 1;
  let rem = flat;
  const coords = new Array(outShape.length);
  for (let i = outShape.length - 1; i >= 0; i--) {
    coords[i] = rem % outShape[i];
    rem = Math.floor(rem / outShape[i]);
  }
  for (let i = shape.length - 1; i >= 0; i--) {
    const c = coords[outShape.length - shape.length + i];
    index += (shape[i] === 1 ? 0 : c) * stride;
    stride *= shape[i];
  }
  return index;
}

const BINARY = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  maximum: (a, b) => Math.max(a, b),
  minimum: (a, b) => Math.min(a, b),
};

const UNARY = {
  exp: [Math.exp, 2e-6],
  tanh: [Math.tanh, 2e-6],
  sigmoid: [(x) => 1 / (1 + Math.exp(-x)), 2e-6],
  relu: [(x) => Math.max(x, 0), 0],
  abs: [Math.abs, 0],
  square: [(x) => x * x, 1e-7],
  softplus: [(x) => Math.log1p(Math.exp(x)), 2e-6],
};

describe('fuzz: ops against a float64 reference (fast-check, fixed seed)', function () {
  this.timeout(60000);
  for (const [name, ref] of Object.entries(BINARY)) {
    it(`${name}: random shapes and broadcasting pairs`, () => {
      fc.assert(fc.property(pairArb, fc.boolean(), ([sa, sb], swap) => {
        const [shapeA, shapeB] = swap ? [sb, sa] : [sa, sb];
        const na = shapeA.reduce((x, y) => x * y, 1);
        const nb = shapeB.reduce((x, y) => x * y, 1);
        const [va, vb] = fc.sample(fc.tuple(valuesFor(na), valuesFor(nb)), { seed: na * 31 + nb, numRuns: 1 })[0];
        withSentinel(() => {
          const a = d.tensor(Float32Array.from(va), { shape: shapeA });
          const b = d.tensor(Float32Array.from(vb), { shape: shapeB });
          const out = d[name](a, b);
          const outShape = out.shape;
          const got = out.toFloat32Array();
          for (let i = 0; i < got.length; i++) {
            const want = f32(ref(va[broadcastIndex(outShape, shapeA, i)], vb[broadcastIndex(outShape, shapeB, i)]));
            if (Number.isNaN(want)) expect(Number.isNaN(got[i])).to.equal(true);
            else expect(got[i], `${name} element ${i}`).to.equal(want);
          }
          for (const t of [a, b, out]) t.dispose();
        });
      }), { seed: SEED, numRuns: 60 });
    });
  }

  for (const [name, [ref, tol]] of Object.entries(UNARY)) {
    it(`${name}: random shapes`, () => {
      fc.assert(fc.property(shapeArb.chain((s) => fc.tuple(fc.constant(s), valuesFor(s.reduce((x, y) => x * y, 1)))), ([shape, values]) => {
        withSentinel(() => {
          const x = d.tensor(Float32Array.from(values), { shape });
          const out = d[name](x);
          const got = out.toFloat32Array();
          values.forEach((v, i) => {
            const want = ref(v);
            expect(Math.abs(got[i] - want), `${name}(${v})`).to.be.at.most(tol * Math.max(1, Math.abs(want)) + 1e-30);
          });
          x.dispose();
          out.dispose();
        });
      }), { seed: SEED, numRuns: 60 });
    });
  }

  it('sum and mean over random axes: float64 sum rounded once', () => {
    fc.assert(fc.property(shapeArb.filter((s) => s.length > 0).chain((s) => fc.tuple(fc.constant(s), valuesFor(s.reduce((x, y) => x * y, 1)), fc.integer({ min: 0, max: s.length - 1 }))), ([shape, values, axis]) => {
      withSentinel(() => {
        const x = d.tensor(Float32Array.from(values), { shape });
        const s = d.sum(x, axis);
        const m = d.mean(x, axis);
        const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
        const len = shape[axis];
        const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
        const [gs, gm] = [s.toFloat32Array(), m.toFloat32Array()];
        for (let o = 0; o < outer; o++) {
          for (let i = 0; i < inner; i++) {
            let total = 0;
            for (let l = 0; l < len; l++) total += values[(o * len + l) * inner + i];
            expect(gs[o * inner + i]).to.equal(f32(total));
            expect(gm[o * inner + i]).to.equal(f32(total / len));
          }
        }
        for (const t of [x, s, m]) t.dispose();
      });
    }), { seed: SEED, numRuns: 80 });
  });
});

// Values of every kind a hostile caller passes.
function badValues() {
  const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
  const throwing = {};
  Object.defineProperty(throwing, 'shape', { get() { throw new Error('getter'); } });
  return [
    NaN, Infinity, -1, 0.5, 2 ** 40, '3', '', null, undefined, true, 1n, Symbol('s'), [], [[1], [2, 3]], sparse,
    { valueOf: () => 2 }, new Int32Array(2), new Float64Array([1, 2]), new BigInt64Array(1), throwing,
    new Proxy({}, { get() { throw new Error('proxy'); } }), () => 1, { shape: [2], size: 2 },
  ];
}

const FUNCTIONS = [
  'tensor', 'full', 'zeros', 'ones', 'zerosLike', 'onesLike', 'arange', 'linspace', 'eye', 'rand', 'randn',
  'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'gt', 'eq', 'where', 'neg', 'abs', 'exp', 'log', 'sqrt', 'relu',
  'sigmoid', 'tanh', 'leakyRelu', 'clamp', 'sin', 'cos', 'sum', 'mean', 'max', 'min', 'argmax', 'softmax', 'logSoftmax',
  'logSumExp', 'detach', 'clone', 'reshape', 'flatten', 'expand', 'permute', 'transpose', 'slice', 'concat', 'stack',
  'indexSelect', 'gather', 'matmul', 'tidy', 'keep', 'noGrad', 'grad', 'valueAndGrad', 'manualSeed',
];

describe('fuzz: bad arguments of every kind to public functions', function () {
  this.timeout(60000);
  it('each call returns or throws an Error naming the function; nothing leaks; inputs and a sentinel are unchanged', () => {
    const bad = badValues();
    const pick = fc.integer({ min: 0, max: bad.length - 1 });
    fc.assert(fc.property(fc.constantFrom(...FUNCTIONS), fc.array(fc.oneof(pick, fc.constant(-1)), { minLength: 0, maxLength: 4 }), (name, picks) => {
      const fn = d[name];
      const arity = fn[Symbol.for('descent.signature')].arity;
      withSentinel(() => {
        const input = d.tensor([[1, 2], [3, 4]]);
        const bits = bitsOf(input);
        const args = picks.slice(0, Math.max(arity, 1)).map((k) => (k < 0 ? input : bad[k]));
        let result;
        try {
          result = d.tidy(() => {
            const r = fn(...args);
            return r instanceof d.Tensor ? r : undefined;
          });
        } catch (e) {
          expect(e, `${name} threw a non-Error`).to.be.instanceOf(Error);
          expect(e.message.length, `${name}: an empty message`).to.be.above(0);
          expect(bitsOf(input), `${name} changed its input before refusing`).to.deep.equal(bits);
        }
        if (result instanceof d.Tensor && result !== input) result.dispose();
        input.dispose();
      });
    }), { seed: SEED, numRuns: 1500 });
  });
});

function trainedOptimizer(name) {
  const w = d.tensor([0.5, -1, 2], { requiresGrad: true });
  const opt = new d.optim[name]([w], name === 'LBFGS' ? { historySize: 3 } : { lr: 0.05 });
  const closure = () => {
    opt.zeroGrad();
    const l = w.mul(w).sum();
    l.backward();
    return l;
  };
  for (let i = 0; i < 2; i++) {
    const loss = opt.step(closure);
    if (loss instanceof d.Tensor) loss.dispose();
  }
  return { w, opt, closure };
}

/** Every key path of a JSON value, with the object holding it. */
function paths(value, prefix = []) {
  if (value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((k) => [[...prefix, k], ...paths(value[k], [...prefix, k])]).slice(0, 60);
}

const MUTATIONS = [
  ['delete', (o, k) => { delete o[k]; }],
  ['string', (o, k) => { o[k] = 'x'; }],
  ['NaN', (o, k) => { o[k] = 'NaN'; }],
  ['null', (o, k) => { o[k] = null; }],
  ['huge', (o, k) => { o[k] = 1e308; }],
  ['negative', (o, k) => { o[k] = -1; }],
  ['array', (o, k) => { o[k] = []; }],
  ['extend', (o) => { o.extra = 1; }],
  ['proto', (o) => { Object.defineProperty(o, '__proto__', { value: { polluted: true }, enumerable: true }); }],
];

describe('fuzz: mutated state dicts for every optimizer and scheduler', function () {
  this.timeout(60000);
  const OPTIMIZERS = ['SGD', 'Adagrad', 'RMSprop', 'Adadelta', 'Adam', 'AdamW', 'Adamax', 'NAdam', 'RAdam', 'Lion', 'Rprop', 'ASGD', 'LBFGS'];
  for (const name of OPTIMIZERS) {
    it(`${name}: a refused dict changes nothing; an accepted one steps without a crash or hang`, () => {
      withSentinel(() => {
        const { w, opt, closure } = trainedOptimizer(name);
        const saved = JSON.stringify(opt.stateDict());
        const all = paths(JSON.parse(saved));
        fc.assert(fc.property(fc.constantFrom(...all), fc.constantFrom(...MUTATIONS), (path, [, mutate]) => {
          const dict = JSON.parse(saved);
          const holder = path.slice(0, -1).reduce((o, k) => o[k], dict);
          mutate(holder, path[path.length - 1]);
          const wBits = bitsOf(w);
          const before = JSON.stringify(opt.stateDict());
          try {
            opt.loadStateDict(dict);
          } catch (e) {
            expect(e).to.be.instanceOf(Error);
            expect(JSON.stringify(opt.stateDict()), 'a refused dict changes nothing').to.equal(before);
            expect(bitsOf(w)).to.deep.equal(wBits);
            return;
          }
          try {
            const loss = opt.step(closure);
            if (loss instanceof d.Tensor) loss.dispose();
          } catch (e) {
            expect(e).to.be.instanceOf(Error);
          }
          opt.loadStateDict(JSON.parse(saved));
        }), { seed: SEED, numRuns: 120 });
        opt.dispose();
        w.dispose();
      });
    });
  }

  const S = d.optim.lrScheduler;
  const SCHEDULERS = {
    StepLR: (o) => new S.StepLR(o, { stepSize: 2 }),
    MultiStepLR: (o) => new S.MultiStepLR(o, { milestones: [1, 3] }),
    ExponentialLR: (o) => new S.ExponentialLR(o, { gamma: 0.9 }),
    CosineAnnealingLR: (o) => new S.CosineAnnealingLR(o, { tMax: 5 }),
    CosineAnnealingWarmRestarts: (o) => new S.CosineAnnealingWarmRestarts(o, { t0: 2, tMult: 2 }),
    LinearLR: (o) => new S.LinearLR(o, {}),
    PolynomialLR: (o) => new S.PolynomialLR(o, { totalIters: 4 }),
    OneCycleLR: (o) => new S.OneCycleLR(o, { maxLr: 0.1, totalSteps: 50 }),
    LambdaLR: (o) => new S.LambdaLR(o, { lrLambda: (e) => 1 / (e + 1) }),
    ReduceLROnPlateau: (o) => new S.ReduceLROnPlateau(o, {}),
    ConstantLR: (o) => new S.ConstantLR(o, { factor: 0.5, totalIters: 3 }),
    MultiplicativeLR: (o) => new S.MultiplicativeLR(o, { lrLambda: () => 0.9 }),
    CyclicLR: (o) => new S.CyclicLR(o, { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 3, mode: 'exp_range', gamma: 0.9 }),
    ChainedScheduler: (o) => new S.ChainedScheduler([new S.ConstantLR(o, { factor: 0.5 }), new S.ExponentialLR(o, { gamma: 0.9 })]),
  };
  for (const [name, make] of Object.entries(SCHEDULERS)) {
    it(`${name}: a refused dict changes nothing; an accepted one keeps every lr finite`, () => {
      withSentinel(() => {
        const w = d.tensor([1], { requiresGrad: true });
        const opt = new d.optim.SGD([w], { lr: 0.1, momentum: 0.9 });
        const s = make(opt);
        const step = () => (name === 'ReduceLROnPlateau' ? s.step(1) : s.step());
        step();
        step();
        const saved = JSON.stringify(s.stateDict());
        fc.assert(fc.property(fc.constantFrom(...paths(JSON.parse(saved))), fc.constantFrom(...MUTATIONS), (path, [, mutate]) => {
          const dict = JSON.parse(saved);
          const holder = path.slice(0, -1).reduce((o, k) => o[k], dict);
          mutate(holder, path[path.length - 1]);
          const before = JSON.stringify([s.stateDict(), opt.paramGroups.map((g) => g.lr)]);
          try {
            s.loadStateDict(dict);
          } catch (e) {
            expect(e).to.be.instanceOf(Error);
            expect(JSON.stringify([s.stateDict(), opt.paramGroups.map((g) => g.lr)]), 'a refused dict changes nothing').to.equal(before);
            return;
          }
          try {
            step();
          } catch (e) {
            expect(e).to.be.instanceOf(Error);
          }
          expect(opt.paramGroups.every((g) => Number.isFinite(g.lr)), 'every lr finite').to.equal(true);
          s.loadStateDict(JSON.parse(saved));
        }), { seed: SEED, numRuns: 80 });
        opt.dispose();
        w.dispose();
      });
    });
  }
});

describe('fuzz: every truncation and single-byte corruption of a small checkpoint', function () {
  this.timeout(60000);
  it('is refused before the model, optimizer or generator changes (or, for padding bytes, loads the same state)', () => {
    withSentinel(() => {
      d.manualSeed(5);
      const model = new d.nn.Linear(2, 1, { seed: 2 });
      const optimizer = new d.optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.5 });
      d.tidy(() => d.nn.functional.mseLoss(model.forward(d.tensor([[1, 2]])), d.tensor([[0]])).backward());
      optimizer.step();
      const draw = () => d.tidy(() => d.rand([3]).toArray());
      const bytes = d.save({ model, optimizer, metadata: { note: 'x' } });
      const state = () => JSON.stringify([model.weight.toArray(), model.bias.toArray(), optimizer.stateDict()]);
      const before = state();
      d.manualSeed(9);
      const generator = draw();
      for (let n = 0; n < bytes.length; n++) {
        d.manualSeed(9);
        expect(() => d.load(bytes.slice(0, n), { model, optimizer }), `truncated to ${n}`).to.throw(Error);
        expect(draw(), 'generator untouched').to.deep.equal(generator);
      }
      let loaded = 0;
      for (let i = 0; i < bytes.length; i++) {
        for (const flip of [0x01, 0x80]) {
          const bad = bytes.slice();
          bad[i] ^= flip;
          d.manualSeed(9);
          try {
            d.load(bad, { model, optimizer });
            loaded++;
          } catch (e) {
            expect(e).to.be.instanceOf(Error);
            expect(draw(), 'generator untouched').to.deep.equal(generator);
          }
          expect(state(), `byte ${i} ^ ${flip}`).to.equal(before);
        }
      }
      expect(loaded, 'no corrupted byte loads').to.equal(0);
      optimizer.dispose();
      model.dispose();
    });
  });
});
