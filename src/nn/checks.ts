// Argument checks shared by the layer modules: errors name the layer and the argument.
import { describe } from '../ops/util.js';

export function positive(n: unknown, name: string, what: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new RangeError(`${name}: ${what} must be a positive integer, got ${describe(n)}`);
  return n;
}

export function boolOption(v: unknown, fallback: boolean, name: string, what: string): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new TypeError(`${name}: ${what} must be a boolean, got ${describe(v)}`);
  return v;
}

export function probability(p: unknown, name: string, what: string): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError(`${name}: ${what} must be a probability in [0, 1], got ${describe(p)}`);
  return p;
}
