// TEMPORARY: activations composed from primitives until the unary ops (relu, tanh, sigmoid)
// land from the math work; then these become re-exports of the ops.
import { Tensor } from '../tensor.js';
import { checkTensor } from '../ops/util.js';
import { disposeUnlessRecorded } from './graph.js';

export function relu(input: Tensor): Tensor {
  return checkTensor(input, 'relu', 'input').maximum(0);
}

export function sigmoid(input: Tensor): Tensor {
  const x = checkTensor(input, 'sigmoid', 'input');
  const n = x.neg();
  const e = n.exp();
  const d = e.add(1);
  const out = d.pow(-1);
  disposeUnlessRecorded(out, [n, e, d]);
  return out;
}

export function tanh(input: Tensor): Tensor {
  const x = checkTensor(input, 'tanh', 'input');
  const x2 = x.mul(2);
  const s = sigmoid(x2);
  const s2 = s.mul(2);
  const out = s2.sub(1);
  disposeUnlessRecorded(out, [x2, s, s2]);
  return out;
}

export function abs(input: Tensor): Tensor {
  const x = checkTensor(input, 'abs', 'input');
  const n = x.neg();
  const out = x.maximum(n);
  disposeUnlessRecorded(out, [n]);
  return out;
}
