// What the five dataset entries share: decoding a stored table and making its tensors through
// the engine the program loaded (src/registry.ts), so a dataset entry carries no engine.
import type { Tensor } from '../tensor.js';
import { engineFor } from '../local-engine.js';
import { inflateRaw } from './inflate.js';
import { decodeBase64 } from '../base64.js';

export interface ClassificationData {
  /** Features, [samples, features], float32 as stored (not standardised). */
  x: Tensor;
  /** Class indices 0..k-1. */
  y: Int32Array;
  featureNames: string[];
  targetNames: string[];
}

export interface RegressionData {
  x: Tensor;
  /** The real-valued target, [samples]. */
  y: Tensor;
  featureNames: string[];
}

interface TableMeta {
  name: string;
  rows: number;
  cols: number;
  scales: number[];
  rawBytes: number;
  featureNames: string[];
  targetNames?: string[];
}

export interface TableModule {
  table: TableMeta;
  tableData: string;
}

const decoded = new Map<string, Float64Array>();

/** The table's values row-major (features then target), exactly as the CSV's decimals. */
function decodeTable(module: TableModule): Float64Array {
  const meta = module.table;
  const cached = decoded.get(meta.name);
  if (cached !== undefined) return cached;
  const bytes = inflateRaw(decodeBase64(module.tableData), meta.rawBytes);
  const divisors = meta.scales.map((s) => {
    let p = 1;
    for (let i = 0; i < s; i++) p *= 10; // exact up to 10^22
    return p;
  });
  const values = new Float64Array(meta.rows * meta.cols);
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    let z = 0;
    let shift = 1;
    let byte: number;
    do {
      byte = bytes[at++];
      z += (byte & 0x7f) * shift;
      shift *= 128;
    } while (byte & 0x80);
    const n = z % 2 === 0 ? z / 2 : -(z + 1) / 2; // zigzag
    values[i] = n / divisors[i % meta.cols];
  }
  decoded.set(meta.name, values);
  return values;
}

export function split(module: TableModule, caller: string): { x: Tensor; target: Float64Array } {
  const d = engineFor(caller);
  const { rows, cols } = module.table;
  const values = decodeTable(module);
  const features = cols - 1;
  const x = new Float32Array(rows * features);
  const target = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < features; j++) x[i * features + j] = values[i * cols + j];
    target[i] = values[i * cols + features];
  }
  return { x: d.tensor(x, { shape: [rows, features] }), target };
}

export function classification(module: TableModule, caller: string): ClassificationData {
  const { x, target } = split(module, caller);
  return {
    x,
    y: Int32Array.from(target),
    featureNames: module.table.featureNames.slice(),
    targetNames: (module.table.targetNames ?? []).slice(),
  };
}

