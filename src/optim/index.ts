// The optimizers (torch.optim semantics) and their learning-rate schedules.
export { Optimizer } from './optimizer.js';
export type { OptimizerStateDict, ParamGroup, ParamsInput } from './optimizer.js';
export { SGD } from './sgd.js';
export { Adam } from './adam.js';
export { AdamW } from './adamw.js';
