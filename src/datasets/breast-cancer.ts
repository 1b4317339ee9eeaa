// descent-ml/datasets/breast-cancer: one dataset per entry, so a bundler ships only the tables imported.
import * as stored from './generated/breastCancer.js';
import { classification } from './table.js';
import type { ClassificationData } from './table.js';

export type { ClassificationData };

/** Wisconsin diagnostic breast cancer: 569 × 30; 0 = malignant, 1 = benign. */
export function breastCancer(): ClassificationData {
  return classification(stored, 'breastCancer');
}
