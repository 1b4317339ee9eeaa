// descent-ml/datasets/diabetes: one dataset per entry, so a bundler ships only the tables imported.
import * as stored from './generated/diabetes.js';
import { engineFor } from '../local-engine.js';
import { split } from './table.js';
import type { RegressionData } from './table.js';

export type { RegressionData };

/**
 * Diabetes progression: 442 × 10 raw (unscaled) features — scikit-learn's
 * load_diabetes(scaled=False) — and a real target one year after baseline.
 */
export function diabetes(): RegressionData {
  const { x, target } = split(stored, 'diabetes');
  const y = engineFor('diabetes').tensor(Float32Array.from(target), { shape: [target.length] });
  return { x, y, featureNames: stored.table.featureNames.slice() };
}
