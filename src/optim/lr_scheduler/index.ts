// d.optim.lrScheduler: torch.optim.lr_scheduler's schedulers, and the plain schedules
// (step) => lr they are built on. Declared here (src/signature.ts): unknown options and extra
// arguments are refused.
import { declare, declareClass } from '../../signature.js';
import * as base from './scheduler.js';
import * as step from './step.js';
import * as cosine from './cosine.js';
import * as linear from './linear.js';
import * as oneCycleLR from './one_cycle.js';
import * as lambda from './lambda.js';
import * as sequential from './sequential.js';
import * as plateau from './plateau.js';
import * as schedules from './schedules.js';
import * as constant from './constant.js';
import * as cyclic from './cyclic.js';

export type { OneCycleLROptions } from './one_cycle.js';
export type { ReduceLROnPlateauOptions } from './plateau.js';
export type { CyclicLROptions, CyclicMode } from './cyclic.js';
export type { Schedule } from './schedules.js';

export const LRScheduler = declareClass('LRScheduler(name, optimizer)', base.LRScheduler, {
  methods: {
    restart: 'restart()', step: 'step()', stepTo: 'stepTo(epoch)', getLastLr: 'getLastLr()', stateDict: 'stateDict()',
    loadStateDict: 'loadStateDict(state)',
  },
  internal: ['initialStep', 'transaction', 'apply', 'closedForm', 'stateKeys', 'allKeys', 'checkState'],
});
export type LRScheduler = base.LRScheduler;

const own = { internal: ['getLr', 'closedForm'] };
export const StepLR = declareClass('StepLR(optimizer, {stepSize, gamma})', step.StepLR, own);
export type StepLR = step.StepLR;
export const MultiStepLR = declareClass('MultiStepLR(optimizer, {milestones, gamma})', step.MultiStepLR, own);
export type MultiStepLR = step.MultiStepLR;
export const ExponentialLR = declareClass('ExponentialLR(optimizer, {gamma})', step.ExponentialLR, own);
export type ExponentialLR = step.ExponentialLR;
export const CosineAnnealingLR = declareClass('CosineAnnealingLR(optimizer, {tMax, etaMin})', cosine.CosineAnnealingLR, own);
export type CosineAnnealingLR = cosine.CosineAnnealingLR;
export const CosineAnnealingWarmRestarts = declareClass('CosineAnnealingWarmRestarts(optimizer, {t0, tMult, etaMin})',
  cosine.CosineAnnealingWarmRestarts, {
    methods: { step: 'step()', stepTo: 'stepTo(epoch)' },
    internal: ['getLr', 'stateKeys', 'checkState', 'restartAt'],
  });
export type CosineAnnealingWarmRestarts = cosine.CosineAnnealingWarmRestarts;
export const LinearLR = declareClass('LinearLR(optimizer, {startFactor, endFactor, totalIters})', linear.LinearLR, own);
export type LinearLR = linear.LinearLR;
export const PolynomialLR = declareClass('PolynomialLR(optimizer, {totalIters, power})', linear.PolynomialLR, own);
export type PolynomialLR = linear.PolynomialLR;
export const OneCycleLR = declareClass(
  'OneCycleLR(optimizer, {maxLr, totalSteps, epochs, stepsPerEpoch, pctStart, annealStrategy, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, threePhase})',
  oneCycleLR.OneCycleLR, { methods: { step: 'step()' }, internal: ['getLr', 'stepOnce'] });
export type OneCycleLR = oneCycleLR.OneCycleLR;
export const LambdaLR = declareClass('LambdaLR(optimizer, {lrLambda})', lambda.LambdaLR, { internal: ['getLr'] });
export type LambdaLR = lambda.LambdaLR;
export const SequentialLR = declareClass('SequentialLR(optimizer, {schedulers, milestones})', sequential.SequentialLR, {
  methods: { step: 'step()', getLastLr: 'getLastLr()', stateDict: 'stateDict()', loadStateDict: 'loadStateDict(state)' },
});
export type SequentialLR = sequential.SequentialLR;
export const ConstantLR = declareClass('ConstantLR(optimizer, {factor, totalIters})', constant.ConstantLR, own);
export type ConstantLR = constant.ConstantLR;
export const MultiplicativeLR = declareClass('MultiplicativeLR(optimizer, {lrLambda})', lambda.MultiplicativeLR, { internal: ['getLr'] });
export type MultiplicativeLR = lambda.MultiplicativeLR;
export const CyclicLR = declareClass(
  'CyclicLR(optimizer, {baseLr, maxLr, stepSizeUp, stepSizeDown, mode, gamma, scaleFn, scaleMode, cycleMomentum, baseMomentum, maxMomentum})',
  cyclic.CyclicLR, { internal: ['getLr', 'scale', 'stateKeys', 'checkState'] });
export type CyclicLR = cyclic.CyclicLR;
export const ChainedScheduler = declareClass('ChainedScheduler(schedulers)', sequential.ChainedScheduler, {
  methods: { step: 'step()', getLastLr: 'getLastLr()', stateDict: 'stateDict()', loadStateDict: 'loadStateDict(state)' },
  internal: ['currentLrs'],
});
export type ChainedScheduler = sequential.ChainedScheduler;
export const ReduceLROnPlateau = declareClass(
  'ReduceLROnPlateau(optimizer, {mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps})', plateau.ReduceLROnPlateau, {
    methods: { step: 'step(metric)', getLastLr: 'getLastLr()', stateDict: 'stateDict()', loadStateDict: 'loadStateDict(state)' },
    internal: ['isBetter', 'reduceLr'],
  });
export type ReduceLROnPlateau = plateau.ReduceLROnPlateau;

export const stepDecay = declare('stepDecay(lr, {stepSize, gamma})', schedules.stepDecay);
export const multiStepDecay = declare('multiStepDecay(lr, {milestones, gamma})', schedules.multiStepDecay);
export const exponentialDecay = declare('exponentialDecay(lr, {gamma})', schedules.exponentialDecay);
export const cosineAnnealing = declare('cosineAnnealing(lr, {tMax, etaMin})', schedules.cosineAnnealing);
export const cosineWarmRestarts = declare('cosineWarmRestarts(lr, {t0, tMult, etaMin})', schedules.cosineWarmRestarts);
export const linearSchedule = declare('linearSchedule(lr, {startFactor, endFactor, totalIters})', schedules.linearSchedule);
export const polynomialDecay = declare('polynomialDecay(lr, {totalIters, power})', schedules.polynomialDecay);
export const oneCycle = declare(
  'oneCycle({maxLr, totalSteps, pctStart, annealStrategy, divFactor, finalDivFactor, threePhase, baseMomentum, maxMomentum})',
  schedules.oneCycle);
export const annealCos = declare('annealCos(start, end, pct)', schedules.annealCos);
export const annealLinear = declare('annealLinear(start, end, pct)', schedules.annealLinear);
