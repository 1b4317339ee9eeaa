// descent-ml/datasets/iris: one dataset per entry, so a bundler ships only the tables imported.
import * as stored from './generated/iris.js';
import { classification } from './table.js';
import type { ClassificationData } from './table.js';

export type { ClassificationData };

/** Fisher's iris: 150 × 4; setosa, versicolor, virginica. */
export function iris(): ClassificationData {
  return classification(stored, 'iris');
}
