// Runs the independent torch 1.13 sweep's cases (tools/reference/audit_common.py describes the
// format): a d.nn.functional call or a d.nn module with torch's state dict loaded, compared on
// every output, every input and parameter gradient of sum(y_i * r_i), and the buffers after the
// calls (running statistics, numBatchesTracked).
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { expectClose } from '../helpers/assert.mjs';

const DEFAULT_TOL = { rtol: 1e-4, atol: 2e-5 };
const tensorOf = (e, requiresGrad = false) => d.tensor(Float32Array.from(e.data), { shape: e.shape, requiresGrad });

/** descent values of an encoded argument; float leaves requiring grad are appended to `leaves`. */
export function decode(value, leaves, fixed = []) {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => decode(v, leaves, fixed));
  if ('tensor' in value) {
    const t = tensorOf(value.tensor, value.grad);
    (value.grad ? leaves : fixed).push(t);
    return t;
  }
  if ('index' in value) return tensorOf(value.index);
  if ('bool' in value) return value.bool;
  if ('module' in value) return buildModule(value.module);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v, leaves, fixed)]));
}

export function buildModule(spec) {
  const args = decode(spec.args, []);
  const opts = decode(spec.opts, []);
  return Object.keys(opts).length === 0 ? new d.nn[spec.module](...args) : new d.nn[spec.module](...args, opts);
}

function flatten(out) {
  return Array.isArray(out) ? out.flatMap(flatten) : [out];
}

/** Compares the outputs and returns sum(y_i * r_i) over those that require grad (or null). */
function compareOutputs(name, out, expected, tol) {
  const ys = flatten(out);
  expect(ys.length, `${name}: number of outputs`).to.equal(expected.length);
  let loss = null;
  ys.forEach((y, i) => {
    const e = expected[i];
    if (e === null) {
      expect(y, `${name}: output ${i} (torch gives None)`).to.equal(null);
      return;
    }
    expect(y, `${name}: output ${i}`).to.not.equal(null);
    expect(y.shape, `${name}: shape of output ${i}`).to.deep.equal(e.shape);
    expectClose(y.toFloat32Array(), e.data, { ...tol, what: `${name}: output ${i}` });
    if (y.requiresGrad) {
      const term = y.mul(tensorOf({ data: e.r, shape: e.shape })).sum();
      loss = loss === null ? term : loss.add(term);
    }
  });
  return loss;
}

function compareGrads(name, leaves, grads, tol) {
  expect(leaves.length, `${name}: number of float inputs`).to.equal(grads.length);
  leaves.forEach((leaf, i) => {
    if (grads[i] === null) return;
    expect(leaf.grad, `${name}: gradient of input ${i}`).to.not.equal(null);
    expectClose(leaf.grad.toFloat32Array(), grads[i], { ...tol, what: `${name}: gradient of input ${i}` });
  });
}

/** A functional case: d.nn.functional[c.fn](...args, opts). */
export function runFunctional(c) {
  const tol = c.tol ?? DEFAULT_TOL;
  d.tidy(() => {
    const leaves = [];
    const fixed = [];
    const args = decode(c.args, leaves, fixed);
    const opts = decode(c.opts, leaves, fixed);
    const out = Object.keys(opts).length === 0 ? d.nn.functional[c.fn](...args) : d.nn.functional[c.fn](...args, opts);
    const loss = compareOutputs(c.name, out, c.outputs, tol);
    if (loss !== null) loss.backward();
    compareGrads(c.name, leaves, c.grads, tol);
    expect(fixed.length, `${c.name}: number of tensors without grad`).to.equal(c.fixedAfter.length);
    fixed.forEach((t, i) => expectClose(t.toFloat32Array(), c.fixedAfter[i], { ...tol, what: `${c.name}: tensor argument ${i} after the call` }));
  });
}

/** The state dict's keys, order and shapes are torch's; `after`: the buffers' values after the calls. */
function compareState(name, m, expected, tol, after = null) {
  const sd = m.stateDict();
  expect(Object.keys(sd), `${name}: state dict keys`).to.deep.equal(Object.keys(expected));
  for (const [k, e] of Object.entries(expected)) expect(sd[k].shape, `${name}: shape of ${k}`).to.deep.equal(e.shape);
  for (const [k, e] of Object.entries(after ?? {})) expectClose(sd[k].toFloat32Array(), e.data, { ...tol, what: `${name}: ${k} after the calls` });
  for (const t of Object.values(sd)) t.dispose();
}

/** A module case: torch's state dict loaded, then each call compared; parameter gradients accumulate over the calls. */
export function runModule(c) {
  const tol = c.tol ?? DEFAULT_TOL;
  d.tidy(() => {
    const m = buildModule(c.module);
    compareState(c.name, m, c.stateDict, tol);
    m.loadStateDict(Object.fromEntries(Object.entries(c.stateDict).map(([k, e]) => [k, tensorOf(e)])));
    for (const [n, call] of c.calls.entries()) {
      const name = `${c.name} (call ${n + 1}, ${call.mode})`;
      m.train(call.mode === 'train');
      const leaves = [];
      const inputs = decode(call.inputs, leaves);
      const opts = decode(call.opts, leaves);
      const out = Object.keys(opts).length === 0 ? m.forward(...inputs) : m.forward(...inputs, opts);
      const loss = compareOutputs(name, out, call.outputs, tol);
      if (loss !== null) loss.backward();
      compareGrads(name, leaves, call.grads, tol);
    }
    const params = Object.fromEntries(m.namedParameters());
    expect(Object.keys(params), `${c.name}: parameter names`).to.deep.equal(Object.keys(c.paramGrads));
    for (const [k, g] of Object.entries(c.paramGrads)) {
      const mine = params[k].grad;
      if (g === null) {
        if (mine !== null) expect(Array.from(mine.toFloat32Array()).every((x) => x === 0), `${c.name}: ${k} has a gradient, torch none`).to.equal(true);
        continue;
      }
      expect(mine, `${c.name}: gradient of ${k}`).to.not.equal(null);
      expectClose(mine.toFloat32Array(), g, { ...tol, what: `${c.name}: gradient of ${k}` });
    }
    compareState(c.name, m, c.stateDict, tol, c.after);
    m.dispose();
  });
}

/**
 * A second-derivative case: g = ∂(Σ y·r)/∂x for the first float input x, recorded
 * (createGraph), compared; then the gradients of Σ g·r2 with respect to every float input.
 */
export function runSecond(c) {
  const tol = c.tol ?? DEFAULT_TOL;
  d.tidy(() => {
    const leaves = [];
    const args = decode(c.args, leaves);
    const opts = decode(c.opts, leaves);
    const y = Object.keys(opts).length === 0 ? d.nn.functional[c.fn2](...args) : d.nn.functional[c.fn2](...args, opts);
    const loss = y.mul(tensorOf({ data: c.r, shape: y.shape })).sum();
    const [g] = d.autograd.grad(loss, [leaves[0]], { createGraph: true });
    expectClose(g.toFloat32Array(), c.firstGrad, { ...tol, what: `${c.name}: first gradient` });
    g.mul(tensorOf({ data: c.r2, shape: g.shape })).sum().backward();
    compareGrads(`${c.name} (second order)`, leaves, c.grads, tol);
  });
}

/** One mocha `it` per case. */
export function sweep(cases) {
  for (const c of cases) it(c.name, () => ('fn' in c ? runFunctional(c) : 'fn2' in c ? runSecond(c) : runModule(c)));
}
