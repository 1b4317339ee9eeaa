// Pieces of torch's module repr: Python's spelling of numbers and booleans, nested indentation.

/** Every line but the first indented by `spaces` (a child module's repr inside its parent's). */
export function indentTail(s: string, spaces: number): string {
  const lines = s.split('\n');
  return [lines[0], ...lines.slice(1).map((l) => ' '.repeat(spaces) + l)].join('\n');
}

/** A number as Python prints it in a repr (1.0, 0.5, 1e-05). */
export function pyFloat(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${Object.is(v, -0) ? '-0' : v}.0`;
  // Python's repr: the shortest digits, scientific below 1e-4 and from 1e16 (JS switches at 1e-7 and 1e21).
  const [mantissa, exp] = v.toExponential().split('e');
  const e = Number(exp);
  if (e < -4 || e >= 16) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return String(v);
}

/** A boolean as Python prints it. */
export function pyBool(v: boolean): string {
  return v ? 'True' : 'False';
}

/** A number or a list as Python prints it in a repr: 2, (3, 3), (3,); null as None. */
export function pyTuple(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) return v.length === 1 ? `(${pyTuple(v[0])},)` : `(${v.map(pyTuple).join(', ')})`;
  return String(v);
}
