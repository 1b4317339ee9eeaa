// The optimizers (torch.optim semantics) and their learning-rate schedules.
export { Optimizer } from './optimizer.js';
export type { OptimizerStateDict, ParamGroup, ParamsInput } from './optimizer.js';
export { SGD } from './sgd.js';
export { Adagrad } from './adagrad.js';
export { RMSprop } from './rmsprop.js';
export { Adadelta } from './adadelta.js';
export { Adam } from './adam.js';
export { AdamW } from './adamw.js';
export { Adamax } from './adamax.js';
export { NAdam } from './nadam.js';
export { RAdam } from './radam.js';
export { Lion } from './lion.js';
export { LBFGS } from './lbfgs.js';
export * as lrScheduler from './lr_scheduler/index.js';
