// Every non-loss op at its kinks, ties, bounds and extremes against torch 1.13 (float32):
// the value and the subgradient torch picks at relu(0), |0|, clamp bounds, max/min ties,
// sqrt/pow/log at 0, 0^0, and huge or infinite logits in softmax, logSoftmax and logSumExp.
// The fixture is written by tools/reference/kinks.py; three cases (sum, mean of large values)
// are float64 references there, because descent sums in float64 and rounds once where torch
// overflows in float32 (README, Guarantees).
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import fixture from '../fixtures/kinks.mjs';

const decode = (v) => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === '-0' ? -0 : v);

/** The same expressions as tools/reference/kinks.py, with descent ops. */
const EXPRESSIONS = {
  relu: (x) => d.relu(x),
  abs: (x) => d.abs(x),
  sign: (x) => d.sign(x),
  leakyRelu: (x) => d.leakyRelu(x, 0.1),
  clamp01: (x) => d.clamp(x, 0, 1),
  clampMinOnly: (x) => d.clamp(x, 0),
  clampMaxOnly: (x) => d.clamp(x, null, 0),
  clampEqualBounds: (x) => d.clamp(x, 0.5, 0.5),
  maxAllTies: (x) => d.max(x, 0),
  maxAllEqual: (x) => d.max(x, 0),
  maxAxisTies: (x) => d.max(x, 1),
  maxNaN: (x) => d.max(x, 0),
  minAllTies: (x) => d.min(x, 0),
  minAxisTies: (x) => d.min(x, 1),
  maximumTies: (a, b) => d.maximum(a, b),
  minimumTies: (a, b) => d.minimum(a, b),
  maximumScalarTie: (x) => d.maximum(x, 1),
  minimumScalarTie: (x) => d.minimum(x, 1),
  sqrtAtZero: (x) => d.sqrt(x),
  sqrtNegative: (x) => d.sqrt(x),
  logAtZero: (x) => d.log(x),
  logNegative: (x) => d.log(x),
  logInfinity: (x) => d.log(x),
  powSquareAtZero: (x) => d.pow(x, 2),
  powHalfAtZero: (x) => d.pow(x, 0.5),
  powZeroExponent: (x) => d.pow(x, 0),
  powNegativeExponentAtZero: (x) => d.pow(x, -1),
  powNegativeBaseFraction: (x) => d.pow(x, 1 / 3),
  powTensorZeroZero: (a, b) => d.pow(a, b),
  powScalarBaseZero: (x) => d.pow(0, x),
  powScalarBaseZeroNegative: (x) => d.pow(0, x),
  powTensorZeroBase: (a, b) => d.pow(a, b),
  powScalarBaseTwo: (x) => d.pow(2, x),
  divByZero: (a, b) => d.div(a, b),
  expHuge: (x) => d.exp(x),
  sigmoidHuge: (x) => d.sigmoid(x),
  tanhHuge: (x) => d.tanh(x),
  softplusHuge: (x) => d.softplus(x),
  geluHuge: (x) => d.gelu(x),
  erfHuge: (x) => d.erf(x),
  softmaxHuge: (x) => d.softmax(x, 1),
  softmaxInfinity: (x) => d.softmax(x, 1),
  softmaxAllMinusInfinity: (x) => d.softmax(x, 1),
  logSoftmaxHuge: (x) => d.logSoftmax(x, 1),
  logSumExpHuge: (x) => d.logSumExp(x, 1),
  logSumExpAllMinusInfinity: (x) => d.logSumExp(x, 1),
  logSumExpInfinity: (x) => d.logSumExp(x, 1),
  sumLarge: (x) => d.sum(x),
  meanLarge: (x) => d.mean(x),
  meanAxisLarge: (x) => d.mean(x, 1),
};

/** Equal as torch float32 results: same NaN-ness and infinities, finite values within 2 ulp-ish. */
function sameValues(actual, expected) {
  if (actual.length !== expected.length) return false;
  return expected.every((e, i) => {
    const a = actual[i];
    if (Number.isNaN(e)) return Number.isNaN(a);
    if (!Number.isFinite(e)) return a === e;
    return Math.abs(a - e) <= 2.5e-7 * Math.max(1, Math.abs(e)) + 1e-44;
  });
}

describe('ops at kinks and extremes match torch 1.13', () => {
  it('covers every case of the fixture', () => {
    expect(Object.keys(EXPRESSIONS).sort()).to.deep.equal(Object.keys(fixture.cases).sort());
  });

  for (const [name, c] of Object.entries(fixture.cases)) {
    it(name, () => {
      const before = d.memory().tensors;
      const inputs = c.inputs.map((x) => d.tensor(Float32Array.from(x.data.map(decode)), { shape: x.shape, requiresGrad: true }));
      const out = EXPRESSIONS[name](...inputs);
      expect(out.shape, 'shape').to.deep.equal(c.shape);
      const values = Array.from(out.toFloat32Array());
      expect(sameValues(values, c.out.map(decode)), `${name} values ${values} vs torch ${c.out}`).to.equal(true);
      const total = out.sum();
      total.backward();
      total.dispose();
      inputs.forEach((x, k) => {
        const expected = c.grads[k].map(decode);
        const grad = Array.from(x.grad.toFloat32Array());
        expect(sameValues(grad, expected), `${name} gradient ${k}: ${grad} vs torch ${c.grads[k]}`).to.equal(true);
      });
      out.dispose();
      for (const x of inputs) x.dispose();
      expect(d.memory().tensors, 'no leaked tensor').to.equal(before);
    });
  }
});
