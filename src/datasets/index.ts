// descent-ml/datasets: five small real data sets from scikit-learn 1.2.1 (BSD-3-Clause, from the
// UCI repository), embedded in the package (but not in the core bundle) and decoded in memory
// in any runtime. Each is also its own entry (descent-ml/datasets/digits, …/breast-cancer,
// …/iris, …/wine, …/diabetes), so a bundler ships only the tables a program imports. Their
// tensors belong to the engine the program loaded ('descent-ml' by any of its names; in workerd
// once init has run): src/registry.ts.
export { digits } from './digits.js';
export { breastCancer } from './breast-cancer.js';
export { iris } from './iris.js';
export { wine } from './wine.js';
export { diabetes } from './diabetes.js';
export type { ClassificationData, RegressionData } from './table.js';
