// d.tune: hyperparameter search. Declared here (src/signature.ts).
import { declare } from '../signature.js';
import * as search from './search.js';

export type { Objective, Trial, TuneResult, GridOptions, RandomOptions, BayesianOptions, ParamsOf } from './search.js';
export type { SearchSpace, RangeSpec, DimensionSpec, Params } from './space.js';
export type { KernelName } from './gp.js';

export const gridSearch = declare('gridSearch(objective, space, {maximize, onTrial, points})', search.gridSearch);
export const randomSearch = declare('randomSearch(objective, space, {maximize, onTrial, trials, seed})', search.randomSearch);
export const bayesian = declare(
  'bayesian(objective, space, {maximize, onTrial, trials, seed, initial, kernel, xi, candidates})', search.bayesian);
