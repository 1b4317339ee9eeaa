// d.optimize: test landscapes and minimisers.
import * as functions from './functions.js';

export { functions };
export type { TestFunction } from './functions.js';
export { minimize } from './minimize.js';
export type { MinimizeOptions, OptimizeResult, RunSummary, MethodName } from './minimize.js';
export type { IterationInfo } from './method.js';
