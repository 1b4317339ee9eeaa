// Metrics on predictions, in float64 JavaScript (they are read-outs, not training maths).
import { Tensor, formatShape } from './tensor.js';
import { argmax } from './ops/reduce.js';
import { describe } from './ops/util.js';
import { declare } from './signature.js';

/** Targets as numbers: labels (Int32Array / number[]) or a tensor's values. */
export const targetValues = declare('targetValues(target, op)', function targetValues(y: Tensor | Int32Array | number[] | undefined, op: string): ArrayLike<number> {
  if (y instanceof Tensor) return y.toFloat32Array();
  if (y instanceof Int32Array || Array.isArray(y)) return y;
  throw new TypeError(`${op}: targets must be a Tensor, an Int32Array or an array of numbers, got ${describe(y)}`);
});

/**
 * Predicted classes from model outputs: the argmax of each row of [n, k] scores (k > 1), or
 * score > 0 for one logit per sample ([n] or [n, 1]).
 */
export const predictedClasses = declare('predictedClasses(pred)', function predictedClasses(pred: Tensor): Int32Array {
  if (pred.ndim === 2 && pred.shape[1] > 1) {
    const idx = argmax(pred, 1);
    const out = Int32Array.from(idx.toFloat32Array());
    idx.dispose();
    return out;
  }
  if (pred.ndim === 1 || (pred.ndim === 2 && pred.shape[1] === 1)) {
    return Int32Array.from(pred.toFloat32Array(), (v) => (v > 0 ? 1 : 0));
  }
  throw new Error(`accuracy: predictions must be [n, classes], [n, 1] or [n], got ${formatShape(pred.shape)}`);
});

/** The fraction of rows whose predicted class equals the label. */
export const accuracy = declare('accuracy(pred, target)', function accuracy(pred: Tensor | Int32Array, y: Tensor | Int32Array | number[]): number {
  const classes = pred instanceof Tensor ? predictedClasses(pred) : pred;
  const labels = targetValues(y, 'accuracy');
  if (labels.length !== classes.length) throw new RangeError(`accuracy: ${classes.length} predictions but ${labels.length} targets`);
  let hits = 0;
  for (let i = 0; i < classes.length; i++) if (classes[i] === labels[i]) hits++;
  return classes.length === 0 ? 0 : hits / classes.length;
});

function pairs(pred: Tensor, y: Tensor | Int32Array | number[], op: string): [Float32Array, ArrayLike<number>] {
  const p = pred.toFloat32Array();
  const t = targetValues(y, op);
  if (p.length !== t.length) throw new RangeError(`${op}: ${p.length} predictions but ${t.length} targets`);
  return [p, t];
}

/** Mean absolute error. */
export const meanAbsoluteError = declare('meanAbsoluteError(pred, target)', function meanAbsoluteError(pred: Tensor, y: Tensor | Int32Array | number[]): number {
  const [p, t] = pairs(pred, y, 'meanAbsoluteError');
  let s = 0;
  for (let i = 0; i < p.length; i++) s += Math.abs(p[i] - t[i]);
  return s / p.length;
});

/** Mean squared error. */
export const meanSquaredError = declare('meanSquaredError(pred, target)', function meanSquaredError(pred: Tensor, y: Tensor | Int32Array | number[]): number {
  const [p, t] = pairs(pred, y, 'meanSquaredError');
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i] - t[i]) * (p[i] - t[i]);
  return s / p.length;
});

/** Coefficient of determination, 1 - SS_res / SS_tot (scikit-learn's r2_score). */
export const r2Score = declare('r2Score(pred, target)', function r2Score(pred: Tensor, y: Tensor | Int32Array | number[]): number {
  const [p, t] = pairs(pred, y, 'r2Score');
  let mean = 0;
  for (let i = 0; i < t.length; i++) mean += t[i];
  mean /= t.length;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < t.length; i++) {
    res += (t[i] - p[i]) * (t[i] - p[i]);
    tot += (t[i] - mean) * (t[i] - mean);
  }
  return tot === 0 ? (res === 0 ? 1 : 0) : 1 - res / tot;
});
