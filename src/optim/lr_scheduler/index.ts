// d.optim.lrScheduler: torch.optim.lr_scheduler's schedulers, and the plain schedules
// (step) => lr they are built on.
export { LRScheduler } from './scheduler.js';
export { StepLR, MultiStepLR, ExponentialLR } from './step.js';
export { CosineAnnealingLR, CosineAnnealingWarmRestarts } from './cosine.js';
export { LinearLR, PolynomialLR } from './linear.js';
export { OneCycleLR } from './one_cycle.js';
export type { OneCycleLROptions } from './one_cycle.js';
export { LambdaLR } from './lambda.js';
export { SequentialLR } from './sequential.js';
export { ReduceLROnPlateau } from './plateau.js';
export type { ReduceLROnPlateauOptions } from './plateau.js';
export {
  stepDecay, multiStepDecay, exponentialDecay, cosineAnnealing, cosineWarmRestarts, linearSchedule, polynomialDecay, oneCycle,
  annealCos, annealLinear,
} from './schedules.js';
export type { Schedule } from './schedules.js';
