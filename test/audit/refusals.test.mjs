// The independent torch 1.13 check (issue 15), the other half: every torch option of the layer
// families that descent does not implement is refused at the call, naming the function and the
// option (never ignored); and where torch itself refuses an input, descent refuses it at the same
// point (the module's constructor, not its first forward), naming the function and the value.
import { expect } from 'chai';
import * as d from '../../dist/index.js';

const nn = d.nn;
const F = d.nn.functional;

function refuses(call, ...patterns) {
  let message = null;
  d.tidy(() => {
    try {
      call();
    } catch (e) {
      message = e.message;
    }
  });
  expect(message, 'it throws').to.be.a('string');
  for (const p of patterns) expect(message).to.match(p);
}

describe('torch sweep: options descent does not implement are refused, naming them', () => {
  const x4 = () => d.zeros([1, 2, 6, 6]);
  const cases = [
    ['Conv2d paddingMode', () => new nn.Conv2d(2, 3, 3, { paddingMode: 'reflect' }), /^Conv2d: unknown option 'paddingMode'/],
    ['Conv1d paddingMode', () => new nn.Conv1d(2, 3, 3, { paddingMode: 'circular' }), /^Conv1d: unknown option 'paddingMode'/],
    ['ConvTranspose2d paddingMode', () => new nn.ConvTranspose2d(2, 3, 3, { paddingMode: 'zeros' }), /^ConvTranspose2d: unknown option 'paddingMode'/],
    ['maxPool2d returnIndices', () => F.maxPool2d(x4(), 2, { returnIndices: true }), /^maxPool2d: unknown option 'returnIndices'/],
    ['MaxPool1d returnIndices', () => new nn.MaxPool1d(2, { returnIndices: true }), /^MaxPool1d: unknown option 'returnIndices'/],
    ['avgPool2d divisorOverride', () => F.avgPool2d(x4(), 2, { divisorOverride: 3 }), /^avgPool2d: unknown option 'divisorOverride'/],
    ['AvgPool2d divisorOverride', () => new nn.AvgPool2d(2, { divisorOverride: 3 }), /^AvgPool2d: unknown option 'divisorOverride'/],
    ['Embedding maxNorm', () => new nn.Embedding(4, 2, { maxNorm: 1 }), /^Embedding: unknown option 'maxNorm'/],
    ['Embedding scaleGradByFreq', () => new nn.Embedding(4, 2, { scaleGradByFreq: true }), /^Embedding: unknown option 'scaleGradByFreq'/],
    ['embedding sparse', () => F.embedding(d.tensor([0]), d.zeros([3, 2]), { sparse: true }), /^embedding: unknown option 'sparse'/],
    ['LSTM projSize', () => new nn.LSTM(3, 4, { projSize: 2 }), /^LSTM: unknown option 'projSize'/],
    ['MultiheadAttention addBiasKV', () => new nn.MultiheadAttention(4, 2, { addBiasKV: true }), /^MultiheadAttention: unknown option 'addBiasKV'/],
    ['MultiheadAttention addZeroAttn', () => new nn.MultiheadAttention(4, 2, { addZeroAttn: true }), /^MultiheadAttention: unknown option 'addZeroAttn'/],
    ['TransformerEncoderLayer activation other than relu/gelu', () => new nn.TransformerEncoderLayer(4, 2, { activation: 'tanh' }), /^TransformerEncoderLayer: activation/, /tanh/],
    ['TransformerEncoder enableNestedTensor', () => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(4, 2), 1, { enableNestedTensor: false }),
      /^TransformerEncoder: unknown option 'enableNestedTensor'/],
  ];
  for (const [name, call, ...patterns] of cases) it(name, () => refuses(call, ...patterns));
});

describe('torch sweep: what torch refuses, descent refuses at the same point', () => {
  it('conv modules check their geometry when built, as torch\'s constructors do', () => {
    refuses(() => new nn.Conv2d(2, 3, 3, { padding: 'same', stride: 2 }), /^Conv2d: padding 'same' needs stride 1, got stride 2/);
    refuses(() => new nn.Conv1d(2, 3, 3, { padding: 'same', stride: [2] }), /^Conv1d: padding 'same' needs stride 1/);
    refuses(() => new nn.Conv2d(2, 3, 3, { padding: 'full' }), /^Conv2d: padding must be 'same', 'valid' or integers, got 'full'/);
    refuses(() => new nn.Conv2d(2, 3, 3, { stride: 0 }), /^Conv2d: stride must be an integer or 2 integers ≥ 1, got number 0/);
    refuses(() => new nn.Conv2d(2, 3, 3, { dilation: [1, 2, 3] }), /^Conv2d: dilation must be/);
    refuses(() => new nn.ConvTranspose2d(2, 3, 3, { stride: 2, outputPadding: 2 }), /^ConvTranspose2d: outputPadding 2 must be smaller than stride or dilation/);
    refuses(() => new nn.ConvTranspose2d(2, 3, 3, { padding: 'same' }), /^ConvTranspose2d: padding must be/);
    // What torch accepts is still built.
    for (const m of [new nn.Conv2d(2, 3, 3, { padding: 'same', dilation: 2 }), new nn.ConvTranspose2d(2, 3, 3, { stride: 1, dilation: 2, outputPadding: 1 })]) m.dispose();
  });

  it('TransformerEncoderLayer checks dModel/nhead, dropout and layerNormEps itself, before any child is built', () => {
    refuses(() => new nn.TransformerEncoderLayer(6, 4), /^TransformerEncoderLayer: dModel 6 is not divisible by nhead 4/);
    refuses(() => new nn.TransformerEncoderLayer(8, 0), /^TransformerEncoderLayer: nhead must be a positive integer, got number 0/);
    refuses(() => new nn.TransformerEncoderLayer(8, 2, { dropout: 1.5 }), /^TransformerEncoderLayer: dropout/);
    refuses(() => new nn.TransformerEncoderLayer(8, 2, { layerNormEps: -1 }), /^TransformerEncoderLayer: layerNormEps must be a finite number ≥ 0, got number -1/);
  });

  it('batchNorm (functional) refuses momentum null, as torch\'s F.batch_norm does, rather than reading it as 0.1', () => {
    const rm = d.zeros([2]);
    const rv = d.ones([2]);
    refuses(() => F.batchNorm(d.tensor([[1, 2], [3, 5], [0, 1]]), rm, rv, { training: true, momentum: null }), /^batchNorm: momentum must be a finite number, got null/);
    expect(Array.from(rm.toFloat32Array()), 'running mean untouched').to.deep.equal([0, 0]);
    expect(Array.from(rv.toFloat32Array()), 'running var untouched').to.deep.equal([1, 1]);
    rm.dispose();
    rv.dispose();
  });

  it('inputs torch refuses: one value per channel in training, an index out of range, a lone h0 for an LSTM, same-padding with a stride', () => {
    refuses(() => new nn.BatchNorm1d(2).forward(d.tensor([[1, 2]])), /^batchNorm: expected more than 1 value per channel when training, got input \[1,2\]/);
    refuses(() => F.embedding(d.tensor([3]), d.zeros([3, 2])), /^embedding: indices\[0\] = 3 is out of range for a table of 3 rows/);
    refuses(() => new nn.LSTM(2, 3).forward(d.zeros([2, 1, 2]), d.zeros([1, 1, 3])), /^LSTM: the initial state must be \[h0, c0\]/);
    refuses(() => F.conv2d(d.zeros([1, 2, 5, 5]), d.zeros([3, 2, 3, 3]), null, { padding: 'same', stride: 2 }), /^conv2d: padding 'same' needs stride 1/);
  });
});
