// descent-ml/datasets: five small real data sets from scikit-learn 1.2.1 (BSD-3-Clause, from the
// UCI repository), embedded in the package (but not in the core bundle) and decoded in memory
// in any runtime. Import 'descent-ml' (or its workerd entry, initialised) before calling these.
import { Tensor, fromFloat32 } from '../tensor.js';
import { engineReady } from '../backend/index.js';
import { inflateRaw } from './inflate.js';
import * as breastCancerTable from './generated/breastCancer.js';
import * as diabetesTable from './generated/diabetes.js';
import * as digitsTable from './generated/digits.js';
import * as irisTable from './generated/iris.js';
import * as wineTable from './generated/wine.js';

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

interface TableModule {
  table: TableMeta;
  tableData: string;
}

const decoded = new Map<string, Float64Array>();

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

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

function split(module: TableModule): { x: Tensor; target: Float64Array } {
  if (!engineReady()) {
    throw new Error(`datasets.${module.table.name}: the descent engine is not initialised; import 'descent-ml' first`);
  }
  const { rows, cols } = module.table;
  const values = decodeTable(module);
  const features = cols - 1;
  const x = new Float32Array(rows * features);
  const target = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < features; j++) x[i * features + j] = values[i * cols + j];
    target[i] = values[i * cols + features];
  }
  return { x: fromFloat32(x, [rows, features]), target };
}

function classification(module: TableModule): ClassificationData {
  const { x, target } = split(module);
  return {
    x,
    y: Int32Array.from(target),
    featureNames: module.table.featureNames.slice(),
    targetNames: (module.table.targetNames ?? []).slice(),
  };
}

/** 1797 8×8 images of handwritten digits, pixel values 0–16; 10 classes. */
export function digits(): ClassificationData {
  return classification(digitsTable);
}

/** Wisconsin diagnostic breast cancer: 569 × 30; 0 = malignant, 1 = benign. */
export function breastCancer(): ClassificationData {
  return classification(breastCancerTable);
}

/** Fisher's iris: 150 × 4; setosa, versicolor, virginica. */
export function iris(): ClassificationData {
  return classification(irisTable);
}

/** Wine recognition: 178 × 13; three cultivars. */
export function wine(): ClassificationData {
  return classification(wineTable);
}

/**
 * Diabetes progression: 442 × 10 raw (unscaled) features — scikit-learn's
 * load_diabetes(scaled=False) — and a real target one year after baseline.
 */
export function diabetes(): RegressionData {
  const { x, target } = split(diabetesTable);
  return { x, y: fromFloat32(target, [target.length]), featureNames: diabetesTable.table.featureNames.slice() };
}
