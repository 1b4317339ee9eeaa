// Search spaces: { name: { low, high, log?, integer? } | [choice, ...] }. Every dimension maps
// to and from the unit interval, which is where random sampling and the Gaussian process live:
// uniform (or log-uniform) ranges linearly (in log space), integers by flooring, choices by
// equal-width bins.
import { describe } from '../ops/util.js';
import { Generator } from '../random.js';
import { expF32, logF32 } from '../scalar_math.js';

export interface RangeSpec {
  low: number;
  high: number;
  /** Sample log-uniformly (low > 0). */
  log?: boolean;
  /** Integers from low to high inclusive. */
  integer?: boolean;
}
export type DimensionSpec = RangeSpec | readonly unknown[];
export type SearchSpace = Record<string, DimensionSpec>;
export type Params = Record<string, unknown>;

interface Dimension {
  name: string;
  /** The value at u ∈ [0, 1]. */
  decode(u: number): unknown;
  /** The u ∈ [0, 1] that stands for a value (the centre of its bin for discrete values). */
  encode(value: unknown): number;
  /** Up to `points` representative values, for a grid. */
  grid(points: number): unknown[];
}

function roundHalfUp(v: number): number {
  return Math.floor(v + 0.5);
}

function rangeDimension(name: string, spec: RangeSpec, op: string): Dimension {
  const { low, high } = spec;
  const isLog = spec.log === true;
  const integer = spec.integer === true;
  if (!Number.isFinite(low) || !Number.isFinite(high) || !(low <= high)) {
    throw new RangeError(`${op}: space.${name}: low and high must be finite numbers with low ≤ high, got ${describe(low)} and ${describe(high)}`);
  }
  if (isLog && !(low > 0)) throw new RangeError(`${op}: space.${name}: a log range needs low > 0, got ${low}`);
  if (integer && (!Number.isInteger(low) || !Number.isInteger(high))) {
    throw new RangeError(`${op}: space.${name}: an integer range needs integer bounds, got ${low} and ${high}`);
  }
  // integers: widen by half a unit each side so that every integer gets an equal share
  const lo = integer ? low - 0.5 : low;
  const hi = integer ? high + 0.5 : high;
  const a = isLog ? logF32([lo])[0] : lo;
  const b = isLog ? logF32([hi])[0] : hi;
  const toValue = (u: number) => {
    const t = a + (b - a) * Math.min(1, Math.max(0, u));
    const v = isLog ? expF32([t])[0] : t;
    return integer ? Math.min(high, Math.max(low, roundHalfUp(v))) : Math.min(high, Math.max(low, v));
  };
  const toUnit = (v: number) => {
    if (b === a) return 0.5;
    const t = isLog ? logF32([v])[0] : v;
    return Math.min(1, Math.max(0, (t - a) / (b - a)));
  };
  return {
    name,
    decode: toValue,
    encode: (v) => toUnit(v as number),
    grid(points) {
      if (integer && high - low + 1 <= points) return Array.from({ length: high - low + 1 }, (_, i) => low + i);
      if (points === 1 || low === high) return [toValue(0.5)];
      // evenly spaced in u (so in log space for log ranges), the end points exact
      const values = Array.from({ length: points }, (_, i) => (i === 0 ? low : i === points - 1 ? high : toValue(i / (points - 1))));
      return [...new Set(values)];
    },
  };
}

function choiceDimension(name: string, choices: readonly unknown[], op: string): Dimension {
  if (choices.length === 0) throw new RangeError(`${op}: space.${name}: a list of choices must not be empty`);
  const k = choices.length;
  return {
    name,
    decode: (u) => choices[Math.min(k - 1, Math.max(0, Math.floor(u * k)))],
    encode: (v) => {
      const i = choices.indexOf(v);
      return ((i < 0 ? 0 : i) + 0.5) / k;
    },
    grid: () => choices.slice(),
  };
}

export class Space {
  readonly dims: Dimension[];

  constructor(space: unknown, op: string) {
    if (space === null || typeof space !== 'object' || Array.isArray(space)) {
      throw new TypeError(`${op}: space must be an object { name: { low, high, log?, integer? } | [choices] }, got ${describe(space)}`);
    }
    const entries = Object.entries(space as Record<string, unknown>);
    if (entries.length === 0) throw new RangeError(`${op}: space has no dimensions`);
    this.dims = entries.map(([name, spec]) => {
      if (Array.isArray(spec)) return choiceDimension(name, spec, op);
      if (spec !== null && typeof spec === 'object' && 'low' in spec && 'high' in spec) return rangeDimension(name, spec as RangeSpec, op);
      throw new TypeError(`${op}: space.${name} must be { low, high, log?, integer? } or an array of choices, got ${describe(spec)}`);
    });
  }

  get size(): number {
    return this.dims.length;
  }

  decode(u: ArrayLike<number>): Params {
    const params: Params = {};
    this.dims.forEach((d, i) => (params[d.name] = d.decode(u[i])));
    return params;
  }

  encode(params: Params): Float64Array {
    return Float64Array.from(this.dims, (d) => d.encode(params[d.name]));
  }

  sampleUnit(generator: Generator): Float64Array {
    return Float64Array.from(this.dims, () => generator.uniform());
  }

  /** Every combination of each dimension's grid values, the first dimension varying slowest. */
  grid(points: number): Params[] {
    let combos: Params[] = [{}];
    for (const d of this.dims) {
      const values = d.grid(points);
      combos = combos.flatMap((c) => values.map((v) => ({ ...c, [d.name]: v })));
    }
    return combos;
  }
}
