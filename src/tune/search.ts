// d.tune: gridSearch, randomSearch and bayesian over a search space, for an objective that
// returns a number or a Promise of one. Trials run one after another, so a seed fixes every
// suggestion; all three return a Promise of { best: { params, value }, trials }.
import { Tensor } from '../tensor.js';
import { Generator, fillNormal } from '../random.js';
import { describe } from '../ops/util.js';
import { Space, Params, SearchSpace } from './space.js';
import { GaussianProcess, KernelName } from './gp.js';
import { expectedImprovement } from './gaussian.js';

/** What the objective receives for a space: a number for each range, one of the choices for each list. */
export type ParamsOf<S extends SearchSpace> = { -readonly [K in keyof S]: S[K] extends readonly (infer C)[] ? C : number };

export type Objective<P = Params> = (params: P) => number | Promise<number>;

export interface Trial<P = Params> {
  params: P;
  value: number;
}

export interface TuneResult<P = Params> {
  /** The trial with the lowest value (highest with `maximize`); non-finite values never win. */
  best: Trial<P>;
  trials: Trial<P>[];
}

interface CommonOptions<P = Params> {
  /** Look for the largest value instead of the smallest. */
  maximize?: boolean;
  /** Called after each trial with it and its index. */
  onTrial?: (trial: Trial<P>, index: number) => void;
}

export interface GridOptions<P = Params> extends CommonOptions<P> {
  /** Values per numeric dimension (integers: all of them if there are at most this many). Default 5. */
  points?: number;
}

export interface RandomOptions<P = Params> extends CommonOptions<P> {
  /** Default 20. */
  trials?: number;
  /** Default 0. */
  seed?: number;
}

export interface BayesianOptions<P = Params> extends RandomOptions<P> {
  /** Random trials before the model takes over. Default max(5, dimensions + 2), at most trials. */
  initial?: number;
  /** The Gaussian process kernel. Default 'matern52'. */
  kernel?: KernelName;
  /** Exploration margin ξ of expected improvement (in standardised units). Default 0.01. */
  xi?: number;
  /** Random candidates scored per suggestion (plus as many again near the best trials). Default 1000. */
  candidates?: number;
}

function checkInteger(value: unknown, name: string, op: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${op}: ${name} must be an integer ≥ ${min}, got ${describe(value)}`);
  }
  return value;
}

function checkCommon(objective: unknown, options: unknown, op: string): void {
  if (typeof objective !== 'function') throw new TypeError(`${op}: objective must be a function, got ${describe(objective)}`);
  if (options === null || typeof options !== 'object') throw new TypeError(`${op}: options must be an object, got ${describe(options)}`);
  const { onTrial } = options as CommonOptions;
  if (onTrial !== undefined && typeof onTrial !== 'function') throw new TypeError(`${op}: onTrial must be a function, got ${describe(onTrial)}`);
}

/** Runs the objective on params and records the trial. */
async function runTrial(objective: Objective, params: Params, trials: Trial[], options: CommonOptions, op: string): Promise<Trial> {
  const value = await objective({ ...params });
  if (typeof value !== 'number') throw new TypeError(`${op}: the objective must return a number (or a Promise of one), got ${describe(value)}`);
  const trial = { params, value };
  trials.push(trial);
  options.onTrial?.(trial, trials.length - 1);
  return trial;
}

function summarise(trials: Trial[], maximize: boolean): TuneResult {
  let best: Trial | null = null;
  for (const t of trials) {
    if (!Number.isFinite(t.value)) continue;
    if (best === null || (maximize ? t.value > best.value : t.value < best.value)) best = t;
  }
  return { best: best ?? trials[0], trials };
}

/** Every combination of `points` values per numeric dimension and every choice. */
export function gridSearch<const S extends SearchSpace>(
  objective: Objective<ParamsOf<S>>,
  space: S,
  options?: GridOptions<ParamsOf<S>>,
): Promise<TuneResult<ParamsOf<S>>>;
export async function gridSearch(objective: Objective, space: SearchSpace, options: GridOptions = {}): Promise<TuneResult> {
  checkCommon(objective, options, 'gridSearch');
  const s = new Space(space, 'gridSearch');
  const points = checkInteger(options.points, 'points', 'gridSearch', 5, 1);
  const trials: Trial[] = [];
  for (const params of s.grid(points)) await runTrial(objective, params, trials, options, 'gridSearch');
  return summarise(trials, options.maximize === true);
}

/** `trials` independent draws: uniform, log-uniform or uniform over integers and choices. */
export function randomSearch<const S extends SearchSpace>(
  objective: Objective<ParamsOf<S>>,
  space: S,
  options?: RandomOptions<ParamsOf<S>>,
): Promise<TuneResult<ParamsOf<S>>>;
export async function randomSearch(objective: Objective, space: SearchSpace, options: RandomOptions = {}): Promise<TuneResult> {
  checkCommon(objective, options, 'randomSearch');
  const s = new Space(space, 'randomSearch');
  const count = checkInteger(options.trials, 'trials', 'randomSearch', 20, 1);
  const generator = new Generator(checkInteger(options.seed, 'seed', 'randomSearch', 0, -2147483648));
  const trials: Trial[] = [];
  try {
    for (let t = 0; t < count; t++) await runTrial(objective, s.decode(s.sampleUnit(generator)), trials, options, 'randomSearch');
  } finally {
    generator.dispose();
  }
  return summarise(trials, options.maximize === true);
}

/** n·count normal draws (mean 0, sd) from the seeded generator. */
function normals(generator: Generator, count: number, sd: number): Float32Array {
  const t = Tensor.empty([count]);
  fillNormal(generator, t, 0, sd);
  const values = t.toFloat32Array();
  t.dispose();
  return values;
}

/** Candidate points: uniform over the cube, and Gaussian clouds around the best trials. */
function candidatePoints(space: Space, generator: Generator, count: number, centres: Float64Array[]): Float64Array[] {
  const points: Float64Array[] = [];
  for (let i = 0; i < count; i++) points.push(space.sampleUnit(generator));
  const d = space.size;
  const perCentre = Math.ceil(count / Math.max(centres.length, 1));
  for (const centre of centres) {
    for (const sd of [0.1, 0.02]) {
      const noise = normals(generator, (perCentre >> 1) * d, sd);
      for (let i = 0; i < perCentre >> 1; i++) {
        points.push(centre.map((c, k) => Math.min(1, Math.max(0, c + noise[i * d + k]))));
      }
    }
  }
  return points;
}

function sameParams(a: Params, b: Params): boolean {
  return Object.keys(a).every((k) => a[k] === b[k]);
}

/**
 * Bayesian optimisation: after `initial` random trials, each trial goes where a Gaussian
 * process fitted to all trials so far has the largest expected improvement.
 */
export function bayesian<const S extends SearchSpace>(
  objective: Objective<ParamsOf<S>>,
  space: S,
  options?: BayesianOptions<ParamsOf<S>>,
): Promise<TuneResult<ParamsOf<S>>>;
export async function bayesian(objective: Objective, space: SearchSpace, options: BayesianOptions = {}): Promise<TuneResult> {
  const op = 'bayesian';
  checkCommon(objective, options, op);
  const s = new Space(space, op);
  const count = checkInteger(options.trials, 'trials', op, 30, 1);
  const initial = Math.min(count, checkInteger(options.initial, 'initial', op, Math.max(5, s.size + 2), 1));
  const candidates = checkInteger(options.candidates, 'candidates', op, 1000, 1);
  const kernel = options.kernel ?? 'matern52';
  if (kernel !== 'matern52' && kernel !== 'rbf') throw new RangeError(`${op}: kernel must be 'matern52' or 'rbf', got ${describe(kernel)}`);
  const xi = options.xi ?? 0.01;
  if (typeof xi !== 'number' || !Number.isFinite(xi) || xi < 0) throw new RangeError(`${op}: xi must be a finite number ≥ 0, got ${describe(xi)}`);
  const sign = options.maximize === true ? -1 : 1;
  const generator = new Generator(checkInteger(options.seed, 'seed', op, 0, -2147483648));
  const trials: Trial[] = [];
  try {
    for (let t = 0; t < count; t++) {
      const finite = trials.filter((tr) => Number.isFinite(tr.value));
      const u = t < initial || finite.length < 2 ? freshSample(s, trials, generator) : suggest(s, trials, sign, kernel, xi, candidates, generator);
      await runTrial(objective, s.decode(u), trials, options, op);
    }
  } finally {
    generator.dispose();
  }
  return summarise(trials, options.maximize === true);
}

/** A random point whose parameters are not tried yet (if one turns up in 100 draws). */
function freshSample(s: Space, trials: Trial[], generator: Generator): Float64Array {
  let u = s.sampleUnit(generator);
  for (let i = 0; i < 100 && trials.some((t) => sameParams(t.params, s.decode(u))); i++) u = s.sampleUnit(generator);
  return u;
}

/** The candidate of largest expected improvement whose parameters are not tried yet. */
function suggest(s: Space, trials: Trial[], sign: number, kernel: KernelName, xi: number, count: number, generator: Generator): Float64Array {
  const x = trials.map((t) => s.encode(t.params));
  // minimise sign·value; a failed (non-finite) trial counts as the worst value seen
  const raw = trials.map((t) => sign * t.value);
  const worst = Math.max(...raw.filter(Number.isFinite));
  const y = raw.map((v) => (Number.isFinite(v) ? v : worst));
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  const sd = Math.sqrt(y.reduce((a, b) => a + (b - mean) * (b - mean), 0) / y.length) || 1;
  const standard = Float64Array.from(y, (v) => (v - mean) / sd);
  const gp = new GaussianProcess(kernel, x, standard).fit();
  const order = Array.from(standard, (_, i) => i).sort((a, b) => standard[a] - standard[b]);
  const centres = order.slice(0, 3).map((i) => x[i]);
  const points = candidatePoints(s, generator, count, centres);
  const prediction = gp.predict(points);
  const ei = expectedImprovement(prediction.mean, prediction.sd, standard[order[0]], xi);
  const ranked = points.map((_, i) => i).sort((a, b) => ei[b] - ei[a]);
  for (const i of ranked) {
    const params = s.decode(points[i]);
    if (!trials.some((t) => sameParams(t.params, params))) return points[i];
  }
  return freshSample(s, trials, generator);
}
