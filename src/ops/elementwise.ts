// Binary elementwise ops with NumPy broadcasting. Each op is defined once: its kernel op code
// and its backward rule, written with other ops so that it can itself be differentiated.
import { Tensor, TensorLike, isGradEnabled, withGradMode } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MAX, OP_MIN, OP_POW, OP_GT, OP_GE, OP_LT, OP_LE, OP_EQ } from '../backend/index.js';
import { record, recordsAny } from '../autograd.js';
import { broadcastShapes, broadcastStrides, checkOperand, sameShape, scalarTensor } from './util.js';
import { sumToShape } from './reduce.js';
import { logF32 } from '../scalar_math.js';

/** Merges adjacent dimensions that both operands walk contiguously (or both hold still). */
function collapse(shape: number[], aStrides: number[], bStrides: number[]): [number[], number[], number[]] {
  const s: number[] = [];
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 1) continue;
    const k = s.length - 1;
    if (k >= 0 && as[k] === aStrides[i] * shape[i] && bs[k] === bStrides[i] * shape[i]) {
      s[k] *= shape[i];
      as[k] = aStrides[i];
      bs[k] = bStrides[i];
    } else {
      s.push(shape[i]);
      as.push(aStrides[i]);
      bs.push(bStrides[i]);
    }
  }
  if (s.length === 0) return [[1], [0], [0]];
  return [s, as, bs];
}

/** Runs a binary kernel on two tensors, broadcasting; returns a new tensor. */
function binaryKernel(op: number, a: Tensor, b: Tensor, name: string): Tensor {
  const shape = sameShape(a.shape, b.shape) ? (a.shape as number[]) : broadcastShapes(a.shape, b.shape, name);
  const out = Tensor.empty(shape);
  if (out.size === 0) return out;
  if (a.size === out.size && b.size === out.size) {
    kernels.binary(op, a, b, out);
  } else if (b.size === 1 && a.size === out.size) {
    kernels.binaryScalarRight(op, a, kernels.readFloat(b), out);
  } else if (a.size === 1 && b.size === out.size) {
    kernels.binaryScalarLeft(op, kernels.readFloat(a), b, out);
  } else {
    const [s, as, bs] = collapse(shape, broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape));
    kernels.binaryBroadcast(op, a, b, out, s, as, bs);
  }
  return out;
}

function scalarRight(op: number, a: Tensor, s: number): Tensor {
  const out = Tensor.empty(a.shape);
  kernels.binaryScalarRight(op, a, s, out);
  return out;
}

function scalarLeft(op: number, s: number, b: Tensor): Tensor {
  const out = Tensor.empty(b.shape);
  kernels.binaryScalarLeft(op, s, b, out);
  return out;
}

type Grads = (Tensor | null)[];
interface BinaryRule {
  op: number;
  /** Gradients for (tensor a, tensor b); results are reduced to the input shapes afterwards. */
  both?(g: Tensor, a: Tensor, b: Tensor, out: Tensor): Grads;
  /** Gradient for tensor a when b is the number s. */
  right?(g: Tensor, a: Tensor, s: number, out: Tensor): Tensor;
  /** Gradient for tensor b when a is the number s. */
  left?(g: Tensor, s: number, b: Tensor, out: Tensor): Tensor;
}

function defineBinary(name: string, rule: BinaryRule) {
  return (x: TensorLike, y: TensorLike): Tensor => {
    const a = checkOperand(x, name, 'a');
    const b = checkOperand(y, name, 'b');
    if (typeof a === 'number' && typeof b === 'number') {
      // Two numbers: a 0-d result, the scalar operands freed (nothing records them).
      const [sa, sb] = [scalarTensor(a), scalarTensor(b)];
      const out = binaryKernel(rule.op, sa, sb, name);
      sa.dispose();
      sb.dispose();
      return out;
    }
    if (typeof b === 'number') {
      const out = scalarRight(rule.op, a as Tensor, b);
      const right = rule.right;
      if (right === undefined) return out;
      return record(out, name, [a as Tensor], (g, o) => [right(g, a as Tensor, b, o)]);
    }
    if (typeof a === 'number') {
      const out = scalarLeft(rule.op, a, b);
      const left = rule.left;
      if (left === undefined) return out;
      return record(out, name, [b], (g, o) => [left(g, a, b, o)]);
    }
    return defineBinaryTensors(name, rule, a, b);
  };
}

function defineBinaryTensors(name: string, rule: BinaryRule, a: Tensor, b: Tensor): Tensor {
  const out = binaryKernel(rule.op, a, b, name);
  const both = rule.both;
  if (both === undefined || !recordsAny(a, b)) return out;
  return record(out, name, [a, b], (g, o) => {
    const [ga, gb] = both(g, a, b, o);
    return [reduceTo(ga, a, g), reduceTo(gb, b, g)];
  });
}

function reduceTo(grad: Tensor | null, input: Tensor, g: Tensor): Tensor | null {
  if (grad === null || !input.requiresGrad) return grad;
  if (sameShape(grad.shape, input.shape)) return grad;
  const reduced = sumToShape(grad, input.shape);
  if (grad !== g && !isGradEnabled()) grad.dispose(); // a recorded graph still refers to it
  return reduced;
}

export const add = defineBinary('add', {
  op: OP_ADD,
  both: (g) => [g, g],
  right: (g) => g,
  left: (g) => g,
});

export const sub = defineBinary('sub', {
  op: OP_SUB,
  both: (g) => [g, g.neg()],
  right: (g) => g,
  left: (g) => g.neg(),
});

export const mul = defineBinary('mul', {
  op: OP_MUL,
  both: (g, a, b) => [a.requiresGrad ? g.mul(b) : null, b.requiresGrad ? g.mul(a) : null],
  right: (g, _a, s) => g.mul(s),
  left: (g, s) => g.mul(s),
});

export const div = defineBinary('div', {
  op: OP_DIV,
  // d(a/b)/db = -a/b² = -out/b
  both: (g, a, b, out) => [a.requiresGrad ? g.div(b) : null, b.requiresGrad ? g.mul(out).div(b).neg() : null],
  right: (g, _a, s) => g.div(s),
  left: (g, _s, b, out) => g.mul(out).div(b).neg(),
});

// torch.maximum/minimum split the gradient evenly between tied inputs.
function tieSplitMask(winner: Tensor, tie: Tensor): Tensor {
  return winner.add(tie.mul(0.5));
}

export const maximum = defineBinary('maximum', {
  op: OP_MAX,
  both: (g, a, b) => {
    const mask = tieSplitMask(gt(a, b), eq(a, b));
    return [g.mul(mask), g.mul(sub(1, mask))];
  },
  right: (g, a, s) => g.mul(tieSplitMask(gt(a, s), eq(a, s))),
  left: (g, s, b) => g.mul(tieSplitMask(gt(b, s), eq(b, s))),
});

export const minimum = defineBinary('minimum', {
  op: OP_MIN,
  both: (g, a, b) => {
    const mask = tieSplitMask(lt(a, b), eq(a, b));
    return [g.mul(mask), g.mul(sub(1, mask))];
  },
  right: (g, a, s) => g.mul(tieSplitMask(lt(a, s), eq(a, s))),
  left: (g, s, b) => g.mul(tieSplitMask(lt(b, s), eq(b, s))),
});

// d(a^b)/da = b·a^(b-1); d(a^b)/db = a^b·ln a (taken as 0 where a = 0, as torch does).
export const pow = defineBinary('pow', {
  op: OP_POW,
  // torch's masks: the base's gradient is 0 where the exponent is 0 (0^0 included), the
  // exponent's is 0 where the base is 0 and the exponent non-negative (-inf for 0^negative).
  both: (g, a, b, out) => [
    a.requiresGrad ? where(eq(b, 0), 0, g.mul(b).mul(pow(a, b.sub(1)))) : null,
    b.requiresGrad ? where(eq(a, 0).mul(ge(b, 0)), 0, g.mul(out).mul(a.log())) : null,
  ],
  right: (g, a, s) => (s === 0 ? g.mul(0) : g.mul(s).mul(pow(a, s - 1))),
  left: (g, s, b, out) => (s === 0 ? where(ge(b, 0), 0, g.mul(out).mul(-Infinity)) : g.mul(out).mul(logF32([s])[0])),
});

export const gt = defineBinary('gt', { op: OP_GT });
export const ge = defineBinary('ge', { op: OP_GE });
export const lt = defineBinary('lt', { op: OP_LT });
export const le = defineBinary('le', { op: OP_LE });
export const eq = defineBinary('eq', { op: OP_EQ });

/** where(cond, a, b): a where cond is non-zero, else b; all three broadcast together. */
export function where(condition: TensorLike, x: TensorLike, y: TensorLike): Tensor {
  const c = checkOperand(condition, 'where', 'condition');
  const a = checkOperand(x, 'where', 'a');
  const b = checkOperand(y, 'where', 'b');
  const shapeOf = (v: Tensor | number) => (typeof v === 'number' ? [] : v.shape);
  const shape = broadcastShapes(broadcastShapes(shapeOf(c), shapeOf(a), 'where'), shapeOf(b), 'where');
  const owned: Tensor[] = [];
  const expanded = (v: Tensor | number): Tensor => {
    const t = typeof v === 'number' ? scalarTensor(v) : v;
    if (t !== v) owned.push(t);
    if (sameShape(t.shape, shape)) return t;
    const e = withGradMode(false, () => t.expand(shape));
    owned.push(e);
    return e;
  };
  const out = Tensor.empty(shape);
  const [ce, ae, be] = [expanded(c), expanded(a), expanded(b)];
  kernels.where(ce, ae, be, out);
  const mask = typeof c === 'number' ? scalarTensor(c) : c.detach();
  for (const t of owned) t.dispose();
  const inputs = [a, b].filter((v): v is Tensor => typeof v !== 'number');
  if (!inputs.some((t) => t.requiresGrad)) {
    mask.dispose();
    return out;
  }
  return record(out, 'where', inputs, (g) => {
    const grads: Tensor[] = [];
    if (typeof a !== 'number') grads.push(reduceTo(where(mask, g, 0), a, g) as Tensor);
    if (typeof b !== 'number') grads.push(reduceTo(where(mask, 0, g), b, g) as Tensor);
    return grads;
  });
}

export function neg(x: Tensor): Tensor {
  return mul(checkOperand(x, 'neg', 'input'), -1);
}
