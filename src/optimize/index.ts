// d.optimize: test landscapes and minimisers. Declared here (src/signature.ts).
import { declare } from '../signature.js';
import * as landscapes from './functions.js';
import * as minimizer from './minimize.js';

export type { TestFunction } from './functions.js';
export type { MinimizeOptions, OptimizeResult, RunSummary, MethodName } from './minimize.js';
export type { IterationInfo } from './method.js';

export const minimize = declare(
  'minimize(fn, x0, {method, tol, gtol, ftol, xtol, maxIter, restarts, bounds, seed, callback, trace, optimizer, lr, optimizerOptions, historySize, temperature, finalTemperature, stepSize, polish})',
  minimizer.minimize);

/** The test landscapes; each is a declared function `(x) => value` carrying its metadata. */
export const functions = Object.freeze({
  rosenbrock: landscapes.rosenbrock,
  beale: landscapes.beale,
  himmelblau: landscapes.himmelblau,
  rastrigin: landscapes.rastrigin,
  saddle: landscapes.saddle,
  quadratic: declare('quadratic(condition)', landscapes.quadratic),
});
