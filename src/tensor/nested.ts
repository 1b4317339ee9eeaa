// A tensor's values as nested arrays (toArray) and as JSON (toJSON), where the floats JSON
// numbers cannot carry are written as strings. Pure helpers, re-exported by src/tensor.ts.

export type JsonFloat = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';
export type JsonNested = JsonFloat | JsonNested[];

/** A float as JSON: a number, or a string for the values JSON numbers cannot carry. */
export function encodeJsonFloat(x: number): JsonFloat {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0 && 1 / x < 0) return '-0';
  return x;
}

/** The inverse of encodeJsonFloat; undefined for anything else (strings other than the four included). */
export function decodeJsonFloat(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (v === '-0') return -0;
  return undefined;
}

/** The flat row-major values as arrays nested by `shape` (a scalar shape gives the value itself). */
export function nested<T>(flat: ArrayLike<T>, shape: readonly number[]): T | unknown[] {
  if (shape.length === 0) return flat[0];
  return nest(flat, shape, 0, 0).value;
}

function nest<T>(flat: ArrayLike<T>, shape: readonly number[], dim: number, offset: number): { value: (T | unknown[])[]; next: number } {
  const out: (T | unknown[])[] = [];
  let at = offset;
  for (let i = 0; i < shape[dim]; i++) {
    if (dim === shape.length - 1) {
      out.push(flat[at++]);
    } else {
      const inner = nest(flat, shape, dim + 1, at);
      out.push(inner.value);
      at = inner.next;
    }
  }
  return { value: out, next: at };
}
