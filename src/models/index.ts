// d.models: scikit-learn-like estimators trained by descent's optimizers.
export { LinearRegression, LogisticRegression, SoftmaxRegression, LinearSVM } from './linear.js';
export type { LinearRegressionOptions, LinearClassifierOptions } from './linear.js';
export { MLPClassifier, MLPRegressor } from './mlp.js';
export type { MLPOptions, Activation } from './mlp.js';
export type { TrainingOptions, Features, Labels, OptimizerChoice, Estimator, EstimatorAsyncOptions } from './base.js';
