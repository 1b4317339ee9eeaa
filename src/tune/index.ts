// d.tune: hyperparameter search.
export { gridSearch, randomSearch, bayesian } from './search.js';
export type { Objective, Trial, TuneResult, GridOptions, RandomOptions, BayesianOptions, ParamsOf } from './search.js';
export type { SearchSpace, RangeSpec, DimensionSpec, Params } from './space.js';
export type { KernelName } from './gp.js';
