// Options objects of the layer ops: anything but a plain object, or a key the op does not
// implement, is refused with the op's name (never silently ignored).
// (Placeholder for the project-wide mechanism that `trust` is landing; switch when it does.)
import { describe } from './util.js';

export function checkOptions(opts: unknown, allowed: readonly string[], op: string): Record<string, unknown> {
  if (opts === undefined) return {};
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts) || opts.constructor !== Object && Object.getPrototypeOf(opts) !== null) {
    throw new TypeError(`${op}: options must be a plain object, got ${describe(opts)}`);
  }
  for (const key of Object.keys(opts)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`${op}: unknown option '${key}' (accepted: ${allowed.join(', ')})`);
    }
  }
  return opts as Record<string, unknown>;
}
