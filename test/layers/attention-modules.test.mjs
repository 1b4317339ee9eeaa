// Attention modules beyond the torch parity cases (attention.test.mjs): torch's parameter names,
// shapes and init bounds; TransformerEncoder's copies; dropout on the attention weights
// (statistics against p, seeded reproducibility, off in eval); refusals naming the function.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { testValues } from '../helpers/assert.mjs';

const nn = d.nn;
const F = d.nn.functional;
const x3 = (shape, seed) => d.tensor(testValues(shape.reduce((a, b) => a * b, 1), seed), { shape });
const maxAbs = (t) => Math.max(...Array.from(t.toFloat32Array(), Math.abs));

describe('MultiheadAttention and Transformer modules: names, shapes, init', () => {
  it('MultiheadAttention: in_proj_weight [3E, E] Xavier-uniform, zero biases, out_proj U(±1/√E)', () => d.tidy(() => {
    const m = new nn.MultiheadAttention(16, 4, { seed: 3 });
    const p = Object.fromEntries(m.namedParameters());
    expect(Object.keys(p)).to.deep.equal(['in_proj_weight', 'in_proj_bias', 'out_proj.weight', 'out_proj.bias']);
    expect(p.in_proj_weight.shape).to.deep.equal([48, 16]);
    const xavier = Math.sqrt(6 / (48 + 16));
    expect(maxAbs(p.in_proj_weight)).to.be.within(0.9 * xavier, xavier);
    expect(maxAbs(p['out_proj.weight'])).to.be.within(0.9 / 4, 1 / 4);
    expect(maxAbs(p.in_proj_bias)).to.equal(0);
    expect(maxAbs(p['out_proj.bias'])).to.equal(0);
    const again = new nn.MultiheadAttention(16, 4, { seed: 3 });
    expect(Array.from(again.inProjWeight.toFloat32Array())).to.deep.equal(Array.from(p.in_proj_weight.toFloat32Array()));
    m.dispose();
    again.dispose();
  }));

  it('MultiheadAttention with kdim/vdim: separate q/k/v_proj_weight, no in_proj_weight; bias false has no biases', () => d.tidy(() => {
    const m = new nn.MultiheadAttention(8, 2, { kdim: 6, vdim: 5, bias: false });
    const shapes = Object.fromEntries(m.namedParameters().map(([k, v]) => [k, v.shape]));
    expect(shapes).to.deep.equal({ q_proj_weight: [8, 8], k_proj_weight: [8, 6], v_proj_weight: [8, 5], 'out_proj.weight': [8, 8] });
    expect(maxAbs(m.kProjWeight)).to.be.at.most(Math.sqrt(6 / 14));
    m.dispose();
  }));

  it('TransformerEncoderLayer: torch key names in torch order', () => d.tidy(() => {
    const layer = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 12, seed: 1 });
    expect(layer.namedParameters().map(([k, v]) => `${k}:${v.shape}`)).to.deep.equal([
      'self_attn.in_proj_weight:24,8', 'self_attn.in_proj_bias:24', 'self_attn.out_proj.weight:8,8', 'self_attn.out_proj.bias:8',
      'linear1.weight:12,8', 'linear1.bias:12', 'linear2.weight:8,12', 'linear2.bias:8',
      'norm1.weight:8', 'norm1.bias:8', 'norm2.weight:8', 'norm2.bias:8',
    ]);
    layer.dispose();
  }));

  it('TransformerEncoder: numLayers copies with the layer\'s values, each its own parameters, and norm last', () => d.tidy(() => {
    const layer = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 12, dropout: 0, seed: 5 });
    const enc = new nn.TransformerEncoder(layer, 3, { norm: new nn.LayerNorm(8) });
    const keys = Object.keys(enc.stateDict());
    expect(keys.length).to.equal(3 * 12 + 2);
    expect(keys[0]).to.equal('layers.0.self_attn.in_proj_weight');
    expect(keys.slice(-3)).to.deep.equal(['layers.2.norm2.bias', 'norm.weight', 'norm.bias']);
    const w = (i) => enc.layers.at ? enc.layers.at(i).linear1.weight : enc.layers.layers[i].linear1.weight;
    const original = Array.from(layer.linear1.weight.toFloat32Array());
    for (let i = 0; i < 3; i++) expect(Array.from(w(i).toFloat32Array())).to.deep.equal(original);
    expect(w(0)).to.not.equal(w(1));
    expect(w(0)).to.not.equal(layer.linear1.weight);
    // Training one copy leaves the others and the prototype alone.
    const x = x3([4, 2, 8], 2);
    enc.forward(x).mul(x3([4, 2, 8], 3)).sum().backward();
    const opt = new d.optim.SGD(enc.layers.layers[0].parameters(), { lr: 0.1 });
    opt.step();
    expect(Array.from(w(1).toFloat32Array())).to.deep.equal(original);
    expect(Array.from(layer.linear1.weight.toFloat32Array())).to.deep.equal(original);
    expect(Array.from(w(0).toFloat32Array())).to.not.deep.equal(original);
    enc.dispose();
    layer.dispose();
  }));
});

describe('attention: memory', () => {
  it('without a graph, forward keeps only what it returns (boolean masks, head splits, weights freed)', () => d.tidy(() => {
    const mha = new nn.MultiheadAttention(8, 2, { seed: 0 });
    const enc = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, seed: 1 }), 2, { norm: new nn.LayerNorm(8) });
    const x = x3([5, 2, 8], 1);
    const pad = [[false, false, true, false, true], [false, true, false, false, false]];
    const mask = d.zeros([5, 5]);
    d.noGrad(() => {
      const before = d.memory().tensors;
      const [o, w] = mha.forward(x, x, x, { keyPaddingMask: pad, attnMask: mask });
      expect(d.memory().tensors - before).to.equal(2);
      const y = enc.forward(x, { isCausal: true, srcKeyPaddingMask: pad });
      const s = F.scaledDotProductAttention(x, x, x, { attnMask: [[true, false], [true, true]] });
      expect(d.memory().tensors - before).to.equal(4);
      [o, w, y, s].forEach((t) => t.dispose());
    });
    mha.dispose();
    enc.dispose();
  }));
});

describe('attention dropout', () => {
  it('MultiheadAttention: in training about p of the weights are zeroed and the rest scaled by 1/(1-p); none in eval', () => d.tidy(() => {
    const m = new nn.MultiheadAttention(8, 2, { dropout: 0.3, seed: 9 });
    const x = x3([40, 4, 8], 4);
    const [, wEval] = m.eval().forward(x, x, x, { averageAttnWeights: false });
    const [, wTrain] = m.train().forward(x, x, x, { averageAttnWeights: false });
    const a = wEval.toFloat32Array();
    const b = wTrain.toFloat32Array();
    let zeros = 0;
    for (let i = 0; i < a.length; i++) {
      if (b[i] === 0) zeros++;
      else expect(Math.abs(b[i] - a[i] / 0.7)).to.be.below(1e-6 + 1e-5 * a[i]);
    }
    // 12,800 weights: the zero count is binomial(n, 0.3); 5 standard deviations is ±260.
    expect(Math.abs(zeros - 0.3 * a.length)).to.be.below(5 * Math.sqrt(a.length * 0.21));
    // Rows of the eval weights sum to one.
    const rows = wEval.sum(-1).toFloat32Array();
    for (const s of rows) expect(Math.abs(s - 1)).to.be.below(1e-5);
    m.dispose();
  }));

  it('seeded: the same seed gives the same masks; scaledDotProductAttention draws from d.manualSeed', () => d.tidy(() => {
    const x = x3([6, 2, 8], 6);
    const run = (seed) => {
      const m = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0.25, seed });
      const y = Array.from(m.forward(x).toFloat32Array());
      m.dispose();
      return y;
    };
    expect(run(4)).to.deep.equal(run(4));
    expect(run(4)).to.not.deep.equal(run(5));
    const q = x3([2, 5, 4], 1);
    const sd = () => {
      d.manualSeed(77);
      return Array.from(F.scaledDotProductAttention(q, q, q, { dropoutP: 0.5 }).toFloat32Array());
    };
    expect(sd()).to.deep.equal(sd());
    expect(sd()).to.not.deep.equal(Array.from(F.scaledDotProductAttention(q, q, q).toFloat32Array()));
  }));
});

describe('attention: refusals', () => {
  const q = () => x3([3, 2, 8], 1);
  const cases = [
    ['MultiheadAttention: embedDim not divisible', () => new nn.MultiheadAttention(10, 3), /MultiheadAttention: embedDim 10 is not divisible by numHeads 3/],
    ['MultiheadAttention: an option torch has but we do not', () => new nn.MultiheadAttention(8, 2, { addBiasKv: true }), /MultiheadAttention: unknown option 'addBiasKv'/],
    ['MultiheadAttention: dropout out of range', () => new nn.MultiheadAttention(8, 2, { dropout: 1.5 }), /dropout must be a probability/],
    ['forward: wrong feature size', () => new nn.MultiheadAttention(8, 2).forward(x3([3, 2, 6], 1), q(), q()), /MultiheadAttention.forward: expected query \[L, N, 8\]/],
    ['forward: key and value of different lengths', () => new nn.MultiheadAttention(8, 2).forward(q(), x3([4, 2, 8], 2), q()), /MultiheadAttention.forward/],
    ['forward: attnMask of the wrong shape', () => new nn.MultiheadAttention(8, 2).forward(q(), q(), q(), { attnMask: x3([3, 4], 1) }), /attnMask \[3,4\] must be \[3, 3\] or \[4, 3, 3\]/],
    ['forward: keyPaddingMask of the wrong shape', () => new nn.MultiheadAttention(8, 2).forward(q(), q(), q(), { keyPaddingMask: [[true, false]] }), /keyPaddingMask \[1,2\] must be \[2,3\]/],
    ['forward: isCausal with attnMask', () => new nn.MultiheadAttention(8, 2).forward(q(), q(), q(), { isCausal: true, attnMask: x3([3, 3], 1) }), /isCausal and attnMask cannot be given together/],
    ['forward: a mask holding numbers in arrays', () => new nn.MultiheadAttention(8, 2).forward(q(), q(), q(), { attnMask: [[0, 1, 0], [0, 0, 0], [1, 1, 0]] }), /attnMask must hold booleans only/],
    ['forward: a ragged boolean mask', () => new nn.MultiheadAttention(8, 2).forward(q(), q(), q(), { attnMask: [[true], [true, false, true], [false, false, false]] }), /attnMask is not a rectangular array/],
    ['forward: an unknown option', () => new nn.MultiheadAttention(8, 2).forward(q(), q(), q(), { staticK: null }), /MultiheadAttention.forward: unknown option 'staticK'/],
    ['scaledDotProductAttention: E of q and k differ', () => F.scaledDotProductAttention(x3([2, 3, 4], 1), x3([2, 3, 5], 2), x3([2, 3, 5], 3)), /scaledDotProductAttention: shapes do not fit/],
    ['scaledDotProductAttention: mask not broadcastable', () => F.scaledDotProductAttention(x3([2, 3, 4], 1), x3([2, 5, 4], 2), x3([2, 5, 2], 3), { attnMask: x3([3, 4], 4) }), /scaledDotProductAttention: mask \[3,4\] cannot be broadcast to the attention scores \[2,3,5\]/],
    ['scaledDotProductAttention: isCausal with attnMask', () => F.scaledDotProductAttention(x3([3, 4], 1), x3([3, 4], 1), x3([3, 4], 1), { isCausal: true, attnMask: x3([3, 3], 4) }), /isCausal and attnMask cannot be given together/],
    ['scaledDotProductAttention: torch 2.1\'s scale option is not implemented', () => F.scaledDotProductAttention(x3([3, 4], 1), x3([3, 4], 1), x3([3, 4], 1), { scale: 2 }), /unknown option 'scale'/],
    ['TransformerEncoderLayer: an activation we do not have', () => new nn.TransformerEncoderLayer(8, 2, { activation: 'tanh' }), /TransformerEncoderLayer: activation must be 'relu' or 'gelu'/],
    ['TransformerEncoderLayer: torch 2.1\'s bias option', () => new nn.TransformerEncoderLayer(8, 2, { bias: false }), /unknown option 'bias'/],
    ['TransformerEncoder: not a layer', () => new nn.TransformerEncoder(new nn.Linear(2, 2), 2), /TransformerEncoder: encoderLayer must be a TransformerEncoderLayer/],
    ['TransformerEncoder: numLayers 0', () => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2), 0), /numLayers must be a positive integer/],
  ];
  for (const [name, fn, message] of cases) {
    it(name, () => d.tidy(() => expect(fn).to.throw(message)));
  }
});
