// L-BFGS's state between steps (torch keeps it under the first parameter's index) and its
// state-dict form: packed to plain numbers, and checked whole before a load changes anything.
import * as kernels from '../backend/index.js';
import { describe } from '../ops/util.js';
import { OptimizerStateDict, decodeFloat, encodeFloat } from './optimizer.js';
import { checkOwnKeys, decodeFloats } from './state_dict.js';
import { LbfgsMemory } from './lbfgs_core.js';

/** What L-BFGS keeps between steps; vectors are flat blocks (pointers) of one float per parameter element. @internal */
export interface History {
  funcEvals: number;
  nIter: number;
  d: number | null;
  t: number | null;
  /** The pairs (old_dirs, old_stps, ro) and H_diag. */
  memory: LbfgsMemory<number>;
  prevFlatGrad: number | null;
  prevLoss: number | null;
}

/** A checked state, decoded but not yet in Wasm memory. @internal */
export interface LoadedHistory {
  funcEvals: number;
  nIter: number;
  t: number | null;
  prevLoss: number | null;
  hDiag: number | null;
  d: Float32Array | null;
  prevFlatGrad: Float32Array | null;
  dirs: Float32Array[];
  steps: Float32Array[];
  ro: number[];
}

const VECTORS = ['d', 'prevFlatGrad'] as const;
const VECTOR_LISTS = ['oldDirs', 'oldStps'] as const;
const SCALARS = ['funcEvals', 'nIter', 't', 'hDiag', 'prevLoss'] as const;

/** The state dict's `state` for a history whose vectors `block` turns into kernel blocks. @internal */
export function packHistory(h: History, block: (ptr: number) => { ptr: number; size: number }): OptimizerStateDict['state'] {
  if (h.funcEvals === 0 && h.nIter === 0) return {};
  const vector = (ptr: number | null) => (ptr === null ? null : Array.from(kernels.readFloats(block(ptr)), encodeFloat));
  const scalar = (x: number | null) => (x === null ? null : encodeFloat(x));
  return {
    0: {
      funcEvals: h.funcEvals, nIter: h.nIter, d: vector(h.d), t: scalar(h.t),
      oldDirs: h.memory.dirs.map(vector), oldStps: h.memory.steps.map(vector), ro: h.memory.ro.map(encodeFloat),
      hDiag: scalar(h.memory.hDiag), prevFlatGrad: vector(h.prevFlatGrad), prevLoss: scalar(h.prevLoss),
    },
  };
}

/**
 * Checks an L-BFGS state whole before anything changes: counts are non-negative integers;
 * after the first iteration (nIter ≥ 1) d, t, hDiag, prevFlatGrad and prevLoss are all set, and
 * before it all are null and the memory empty; every vector has one float per parameter
 * element (no holes, no nulls); the memory's three lists have one length, at most
 * historySize; ρ, t and hDiag are finite. A state that breaks these would make the next step
 * read or write memory it does not own.
 * @internal
 */
export function checkHistory(state: OptimizerStateDict['state'], numel: number, historySize: number, where: string): LoadedHistory | null {
  const keys = Reflect.ownKeys(state);
  if (keys.length === 0) return null;
  if (keys.length !== 1 || keys[0] !== '0') {
    throw new RangeError(`${where}: L-BFGS keeps its state under param 0, got keys [${keys.map(String).join(', ')}]`);
  }
  const entry = (state as Record<string, unknown>)[0];
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    throw new TypeError(`${where}: state 0 must be an object, got ${describe(entry)}`);
  }
  const want = [...SCALARS, ...VECTORS, ...VECTOR_LISTS, 'ro'];
  checkOwnKeys(entry, want, `${where}: state 0`);
  const e = entry as Record<string, unknown>;
  const missing = want.filter((k) => !(k in e));
  if (missing.length > 0) throw new RangeError(`${where}: state 0 lacks ${missing.join(', ')}`);
  const count = (name: string): number => {
    const v = e[name];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw new RangeError(`${where}: ${name} must be a non-negative integer, got ${describe(v)}`);
    }
    return v;
  };
  const funcEvals = count('funcEvals');
  const nIter = count('nIter');
  const started = nIter > 0;
  const vector = (v: unknown, name: string): Float32Array => {
    if (!Array.isArray(v) || v.length !== numel) {
      throw new RangeError(`${where}: ${name} must be an array of ${numel} numbers, got ${describe(v)}`);
    }
    return decodeFloats(v, `${where}: ${name}`);
  };
  const beforeFirst = (name: string) => new RangeError(`${where}: ${name} must be null before the first iteration (nIter 0)`);
  const optionalVector = (name: string): Float32Array | null => {
    if (!started) {
      if (e[name] !== null) throw beforeFirst(name);
      return null;
    }
    return vector(e[name], name);
  };
  const optionalScalar = (name: string, finite: boolean): number | null => {
    if (!started) {
      if (e[name] !== null) throw beforeFirst(name);
      return null;
    }
    const x = decodeFloat(e[name], `${where}: ${name}`);
    if (finite && !Number.isFinite(x)) throw new RangeError(`${where}: ${name} must be finite, got ${describe(e[name])}`);
    return x;
  };
  const lists = VECTOR_LISTS.map((name) => {
    const list = e[name];
    if (!Array.isArray(list)) throw new RangeError(`${where}: ${name} must be an array, got ${describe(list)}`);
    const out: Float32Array[] = [];
    for (let i = 0; i < list.length; i++) {
      if (!(i in list)) throw new TypeError(`${where}: ${name}[${i}] is missing (a hole in the array)`);
      out.push(vector(list[i], `${name}[${i}]`));
    }
    return out;
  });
  const ro = e.ro;
  if (!Array.isArray(ro) || ro.length !== lists[0].length || lists[1].length !== lists[0].length) {
    throw new RangeError(`${where}: oldDirs, oldStps and ro must have the same length`);
  }
  const roValues = Array.from(decodeFloats(ro, `${where}: ro`));
  if (!roValues.every(Number.isFinite)) throw new RangeError(`${where}: ro must hold finite numbers`);
  if (lists[0].length > historySize) {
    throw new RangeError(`${where}: the memory holds ${lists[0].length} pairs, more than historySize ${historySize}`);
  }
  if (!started && lists[0].length > 0) throw new RangeError(`${where}: the memory must be empty before the first iteration (nIter 0)`);
  const d = optionalVector('d');
  const prev = optionalVector('prevFlatGrad');
  const t = optionalScalar('t', true);
  const hDiag = optionalScalar('hDiag', true);
  const prevLoss = optionalScalar('prevLoss', false);
  return { funcEvals, nIter, t, prevLoss, hDiag, d, prevFlatGrad: prev, dirs: lists[0], steps: lists[1], ro: roValues };
}
