// descent-ml/datasets/wine: one dataset per entry, so a bundler ships only the tables imported.
import * as stored from './generated/wine.js';
import { classification } from './table.js';
import type { ClassificationData } from './table.js';

export type { ClassificationData };

/** Wine recognition: 178 × 13; three cultivars. */
export function wine(): ClassificationData {
  return classification(stored, 'wine');
}
