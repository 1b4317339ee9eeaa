// The optimizers (torch.optim semantics) and their learning-rate schedules. Each class is
// declared here (src/signature.ts): an unknown option or an extra argument is refused.
import { declareClass } from '../signature.js';
import * as base from './optimizer.js';
import * as sgd from './sgd.js';
import * as adagrad from './adagrad.js';
import * as rmsprop from './rmsprop.js';
import * as adadelta from './adadelta.js';
import * as adam from './adam.js';
import * as adamw from './adamw.js';
import * as adamax from './adamax.js';
import * as nadam from './nadam.js';
import * as radam from './radam.js';
import * as lion from './lion.js';
import * as lbfgs from './lbfgs.js';
import * as rprop from './rprop.js';
import * as asgd from './asgd.js';

export type { OptimizerStateDict, ParamGroup, ParamsInput } from './optimizer.js';
export * as lrScheduler from './lr_scheduler/index.js';

export const Optimizer = declareClass('Optimizer(name, params, defaults, options)', base.Optimizer, {
  methods: {
    step: 'step(closure)', zeroGrad: 'zeroGrad(setToNone)', stateDict: 'stateDict()', addParamGroup: 'addParamGroup(paramGroup)',
    loadStateDict: 'loadStateDict(stateDict)', dispose: 'dispose()',
  },
  internal: [
    'makeGroup', 'checkKnown', 'checkOptions', 'checkedWork', 'stateFor', 'allocFloats', 'freeFloats', 'clearState',
    'allParams', 'packState', 'prepareLoad', 'floatsFrom', 'decodeEntry', 'checkAlive', 'ownedBlocks',
  ],
});
export type Optimizer = base.Optimizer;

const own = { internal: ['validate', 'layout', 'update'] };
export const SGD = declareClass('SGD(params, {lr, momentum, dampening, nesterov, weightDecay, maximize})', sgd.SGD, own);
export type SGD = sgd.SGD;
export const Adagrad = declareClass('Adagrad(params, {lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize})', adagrad.Adagrad, own);
export type Adagrad = adagrad.Adagrad;
export const RMSprop = declareClass('RMSprop(params, {lr, alpha, eps, weightDecay, momentum, centered, maximize})', rmsprop.RMSprop, own);
export type RMSprop = rmsprop.RMSprop;
export const Adadelta = declareClass('Adadelta(params, {lr, rho, eps, weightDecay, maximize})', adadelta.Adadelta, own);
export type Adadelta = adadelta.Adadelta;
export const Adam = declareClass('Adam(params, {lr, betas, eps, weightDecay, amsgrad, maximize})', adam.Adam, own);
export type Adam = adam.Adam;
export const AdamW = declareClass('AdamW(params, {lr, betas, eps, weightDecay, amsgrad, maximize})', adamw.AdamW, own);
export type AdamW = adamw.AdamW;
export const Adamax = declareClass('Adamax(params, {lr, betas, eps, weightDecay, maximize})', adamax.Adamax, own);
export type Adamax = adamax.Adamax;
export const NAdam = declareClass('NAdam(params, {lr, betas, eps, weightDecay, momentumDecay})', nadam.NAdam, own);
export type NAdam = nadam.NAdam;
export const RAdam = declareClass('RAdam(params, {lr, betas, eps, weightDecay})', radam.RAdam, own);
export type RAdam = radam.RAdam;
export const Lion = declareClass('Lion(params, {lr, betas, weightDecay})', lion.Lion, own);
export type Lion = lion.Lion;
export const Rprop = declareClass('Rprop(params, {lr, etas, stepSizes, maximize})', rprop.Rprop, own);
export type Rprop = rprop.Rprop;
export const ASGD = declareClass('ASGD(params, {lr, lambd, alpha, t0, weightDecay, maximize})', asgd.ASGD, own);
export type ASGD = asgd.ASGD;
export const LBFGS = declareClass('LBFGS(params, {lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn})', lbfgs.LBFGS, {
  methods: { step: 'step(closure)', dispose: 'dispose()', addParamGroup: 'addParamGroup(paramGroup)' },
  internal: [
    'validate', 'layout', 'update', 'block', 'emptyHistory', 'vector', 'copyVector', 'gatherFlatGrad', 'addToParams', 'copyParams', 'setParams', 'dot',
    'absMax', 'evaluate', 'evaluateLoss', 'iterate', 'checkClosureKeptUs', 'resetDirection', 'updateMemory', 'twoLoop', 'directionalEvaluate', 'packState', 'prepareLoad',
    'clearHistory', 'clearState',
  ],
});
export type LBFGS = lbfgs.LBFGS;
