// d.models: scikit-learn-like estimators trained by descent's optimizers. Declared here
// (src/signature.ts): an unknown option or an extra argument is refused.
import { declareClass } from '../signature.js';
import * as linear from './linear.js';
import * as mlp from './mlp.js';

export type { LinearRegressionOptions, LinearClassifierOptions } from './linear.js';
export type { MLPOptions, Activation } from './mlp.js';
export type { TrainingOptions, Features, Labels, OptimizerChoice, Estimator, EstimatorAsyncOptions } from './base.js';

const TRAINING = 'optimizer, lr, maxIter, tol, nIterNoChange, batchSize, seed, standardize, verbose';
const estimator = {
  fit: 'fit(x, y)', fitAsync: 'fitAsync(x, y, {signal, yieldEveryMs})', predict: 'predict(x)', score: 'score(x, y)', dispose: 'dispose()',
};
const classifier = { ...estimator, decisionFunction: 'decisionFunction(x)' };
const linearInternal = ['fitted', 'fitSteps', 'outputs', 'targets', 'lossFn'];
const mlpInternal = ['build', 'trainNetwork', 'outputs', 'fitSteps'];

export const LinearRegression = declareClass(`LinearRegression({${TRAINING}, fitIntercept, alpha})`, linear.LinearRegression, {
  methods: estimator, internal: ['fitted', 'fitSteps'],
});
export type LinearRegression = linear.LinearRegression;
export const LogisticRegression = declareClass(`LogisticRegression({${TRAINING}, C, fitIntercept})`, linear.LogisticRegression, {
  methods: { ...classifier, predictProba: 'predictProba(x)' }, internal: linearInternal,
});
export type LogisticRegression = linear.LogisticRegression;
export const SoftmaxRegression = declareClass(`SoftmaxRegression({${TRAINING}, C, fitIntercept})`, linear.SoftmaxRegression, {
  methods: { ...classifier, predictProba: 'predictProba(x)' }, internal: linearInternal,
});
export type SoftmaxRegression = linear.SoftmaxRegression;
export const LinearSVM = declareClass(`LinearSVM({${TRAINING}, C, fitIntercept})`, linear.LinearSVM, {
  methods: classifier, internal: linearInternal,
});
export type LinearSVM = linear.LinearSVM;
export const MLPClassifier = declareClass(`MLPClassifier({${TRAINING}, hiddenLayerSizes, activation, alpha})`, mlp.MLPClassifier, {
  methods: { ...estimator, predictProba: 'predictProba(x)' }, internal: mlpInternal,
});
export type MLPClassifier = mlp.MLPClassifier;
export const MLPRegressor = declareClass(`MLPRegressor({${TRAINING}, hiddenLayerSizes, activation, alpha})`, mlp.MLPRegressor, {
  methods: estimator, internal: mlpInternal,
});
export type MLPRegressor = mlp.MLPRegressor;
