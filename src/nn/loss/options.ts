// Options shared by the losses: the reduction and number options. Unknown options and extra
// arguments are refused by the losses' declared signatures (src/nn/functional.ts, src/nn/index.ts).
import { describe } from '../../ops/util.js';

export type Reduction = 'mean' | 'sum' | 'none';

/** The `reduction` option: 'mean' (default), 'sum' or 'none'. */
export function checkReduction<R extends string = Reduction>(op: string, value: unknown, allowed: readonly string[] = ['mean', 'sum', 'none']): R {
  if (value === undefined) return 'mean' as R;
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new RangeError(`${op}: reduction must be ${allowed.map((r) => `'${r}'`).join(', ')}, got ${describe(value)}`);
  }
  return value as R;
}

/** A finite number option (or its default). */
export function checkNumberOption(op: string, name: string, value: unknown, fallback: number, test: (v: number) => boolean = Number.isFinite, rule = 'a finite number'): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !test(value)) throw new RangeError(`${op}: ${name} must be ${rule}, got ${describe(value)}`);
  return value;
}
