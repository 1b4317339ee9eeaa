// Options shared by the losses: the reduction, and the refusal of options we do not know.
import { Tensor } from '../../tensor.js';
import { describe } from '../../ops/util.js';

export type Reduction = 'mean' | 'sum' | 'none';

/** Checks `opts` is a plain object (or undefined) holding only `allowed` keys; returns it. */
export function checkOptions<T extends object>(op: string, opts: unknown, allowed: readonly string[]): Partial<T> {
  if (opts === undefined) return {};
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts) || opts instanceof Tensor) {
    throw new TypeError(`${op}: options must be an object, got ${describe(opts)}`);
  }
  for (const key of Object.keys(opts)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`${op}: unknown option '${key}' (known: ${allowed.join(', ')})`);
    }
  }
  return opts as Partial<T>;
}

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

/** Refuses positional arguments beyond those a function takes. */
export function checkArity(op: string, args: IArguments | unknown[], max: number): void {
  if (args.length > max) throw new TypeError(`${op}: takes at most ${max} arguments, got ${args.length}`);
}
