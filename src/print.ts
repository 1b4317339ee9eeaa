// Printing tensors the way torch does (torch/_tensor_str.py): one number format for the whole
// tensor — integers as "1.", else 4 decimals "0.5000", or scientific "1.0000e-05" when the
// magnitudes span more than 1000× (or reach 1e8, or go below 1e-4) — right-aligned to one
// width, rows wrapped at 80 columns, and past 1,000 elements only the first and last 3 of each
// dimension, with "...".
const LINE_WIDTH = 80;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;

interface Format {
  text(v: number): string;
  width: number;
}

function chooseFormat(values: ArrayLike<number>): Format {
  // As torch: the mode and the width come from the finite non-zero values only.
  let intMode = true;
  let maxAbs = 0;
  let minAbs = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || v === 0) continue;
    if (v !== Math.ceil(v)) intMode = false;
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
    if (a < minAbs) minAbs = a;
  }
  const spread = maxAbs > 0 && (maxAbs / minAbs > 1000 || maxAbs > 1e8);
  let fixed: (v: number) => string;
  if (intMode) fixed = spread ? scientific : (v) => `${signed(v, 0)}.`;
  else if (spread || (maxAbs > 0 && minAbs < 1e-4)) fixed = scientific;
  else fixed = (v) => signed(v, 4);
  const text = (v: number) => special(v) ?? fixed(v);
  let width = 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v) && v !== 0) width = Math.max(width, text(v).length);
  }
  return { text, width };
}

// v.toFixed(digits), keeping the sign of -0 as Python does.
function signed(v: number, digits: number): string {
  const s = v.toFixed(digits);
  return Object.is(v, -0) || (v < 0 && !s.startsWith('-')) ? `-${s}` : s;
}

function special(v: number): string | undefined {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return undefined;
}

function scientific(v: number): string {
  const s = v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
  return Object.is(v, -0) ? `-${s}` : s;
}

/** The indices kept along a dimension of size n (all, or the edges when summarising). */
function kept(n: number, summarise: boolean): (number | null)[] {
  if (!summarise || n <= 2 * EDGE_ITEMS) return Array.from({ length: n }, (_, i) => i);
  return [...Array.from({ length: EDGE_ITEMS }, (_, i) => i), null, ...Array.from({ length: EDGE_ITEMS }, (_, i) => n - EDGE_ITEMS + i)];
}

function formatBlock(values: ArrayLike<number>, shape: readonly number[], strides: number[], offset: number, dim: number,
  indent: number, fmt: Format, summarise: boolean): string {
  const index = kept(shape[dim], summarise);
  if (dim === shape.length - 1) {
    const items = index.map((i) => (i === null ? ' ...' : fmt.text(values[offset + i]).padStart(fmt.width)));
    // Wrap the row so that no line passes LINE_WIDTH (torch's element-per-line rule).
    const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent) / (fmt.width + 2)));
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
    return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`;
  }
  const blankLines = shape.length - dim - 1;
  const parts = index.map((i) => (i === null ? '...' : formatBlock(values, shape, strides, offset + i * strides[dim], dim + 1, indent + 1, fmt, summarise)));
  return `[${parts.join(`,${'\n'.repeat(blankLines)}${' '.repeat(indent + 1)}`)}]`;
}

/** The values of the printed elements only (the edges, when summarising), to choose the format from. */
function shownValues(values: ArrayLike<number>, shape: readonly number[], strides: number[], summarise: boolean): number[] {
  if (!summarise) return Array.from(values);
  const out: number[] = [];
  const walk = (dim: number, offset: number): void => {
    for (const i of kept(shape[dim], true)) {
      if (i === null) continue;
      if (dim === shape.length - 1) out.push(values[offset + i]);
      else walk(dim + 1, offset + i * strides[dim]);
    }
  };
  walk(0, 0);
  return out;
}

/** torch's repr of a float32 tensor: tensor([...]) plus requiresGrad / gradFn. */
export function formatTensor(values: ArrayLike<number>, shape: readonly number[], suffix: string): string {
  const prefix = 'tensor(';
  const tail = suffix === '' ? ')' : `, ${suffix})`;
  if (shape.length === 0) return `${prefix}${chooseFormat(values).text(values[0])}${tail}`;
  if (values.length === 0) {
    const size = shape.length === 1 ? '' : `, size=(${shape.join(', ')})`;
    return `${prefix}[]${size}${tail}`;
  }
  const strides: number[] = [];
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  const summarise = values.length > THRESHOLD;
  const fmt = chooseFormat(shownValues(values, shape, strides, summarise));
  return `${prefix}${formatBlock(values, shape, strides, 0, 0, prefix.length, fmt, summarise)}${tail}`;
}
