// Checks of an optimizer's hyperparameters: the names it knows, each value's type against its
// default's (torch's defaults fix the types), and the range helpers the optimizers' own
// validate() uses, with torch's messages.
import { describe } from '../ops/util.js';

/** A hyperparameter value: a number, a flag, a pair such as betas, or a name. */
export type OptionValue = number | boolean | string | readonly number[] | null | undefined;
/**
 * An optimizer's hyperparameters. Each optimizer names its own in an interface with no index
 * signature, so a misspelt option (`momentun`) fails to compile; at run time unknown names
 * are refused too.
 */
export type Options = { lr: number };

/** Refuses a key that `base` (every option with its default) does not have. */
export function checkKnown(base: object, options: object, where: string): void {
  for (const key of Object.keys(options)) {
    if (!(key in base)) throw new TypeError(`${where}: unknown option '${key}' (known: ${Object.keys(base).join(', ')})`);
  }
}

/**
 * Checks every option's type against its default in `base` (undefined there: a number; null or
 * a string: a name the optimizer checks itself). A param group (`isGroup`) must have an lr.
 */
export function checkTypes(name: string, base: Options, values: Record<string, unknown>, isGroup: boolean): void {
  for (const [key, fallback] of Object.entries(base)) {
    const value = values[key];
    if (value === undefined) {
      if (isGroup && key === 'lr') {
        throw new TypeError(`${name}: parameter group didn't specify a value of required optimization parameter lr`);
      }
      continue;
    }
    if (fallback === null || typeof fallback === 'string') continue;
    const expected = fallback === undefined ? 'number' : Array.isArray(fallback) ? 'array' : typeof fallback;
    const actual = Array.isArray(value) ? 'array' : typeof value;
    if (actual !== expected || (Array.isArray(value) && !value.every((x) => typeof x === 'number'))) {
      const what = expected === 'array' ? 'an array of numbers' : `a ${expected}`;
      throw new TypeError(`${name}: ${key} must be ${what}, got ${describe(value)}`);
    }
  }
}

/** Refuses a non-finite number among the values of `keys` (numbers or arrays of numbers). */
export function checkFinite(name: string, keys: string[], values: Record<string, unknown>): void {
  for (const key of keys) {
    const value = values[key];
    const numbers = typeof value === 'number' ? [value] : Array.isArray(value) ? value : [];
    if (!numbers.every((x) => Number.isFinite(x))) {
      throw new RangeError(`${name}: ${key} must be finite, got ${String(value)}`);
    }
  }
}

/** A RangeError with torch's message unless `ok`. */
export function require(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(message);
}

/** 0 <= x < Infinity: torch's `0.0 <= x`, refusing non-finite values as well. */
export function nonNegative(x: unknown): boolean {
  return typeof x === 'number' && x >= 0 && x < Infinity;
}

/** The values of `base`'s options in `group`, arrays copied: what sameOptionValues compares against. */
export function optionValues(base: object, group: object): unknown[] {
  const values: unknown[] = [];
  for (const key in base) {
    const v = (group as Record<string, unknown>)[key];
    values.push(Array.isArray(v) ? v.slice() : v);
  }
  return values;
}

/**
 * Whether group's options still hold the values `before` (from optionValues; undefined: never
 * recorded), arrays compared element by element: a scheduler or the user may change a group's
 * options between steps, and an optimizer checks them again only then.
 */
export function sameOptionValues(base: object, group: object, before: unknown[] | undefined): boolean {
  if (before === undefined) return false;
  let i = 0;
  for (const key in base) {
    const v = (group as Record<string, unknown>)[key];
    const w = before[i++];
    if (Array.isArray(v)) {
      if (!Array.isArray(w) || w.length !== v.length) return false;
      for (let j = 0; j < v.length; j++) if (!Object.is(v[j], w[j])) return false;
    } else if (!Object.is(v, w)) {
      return false;
    }
  }
  return true;
}
