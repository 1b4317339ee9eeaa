// descent-ml/datasets/digits: one dataset per entry, so a bundler ships only the tables imported.
import * as stored from './generated/digits.js';
import { classification } from './table.js';
import type { ClassificationData } from './table.js';

export type { ClassificationData };

/** 1797 8×8 images of handwritten digits, pixel values 0–16; 10 classes. */
export function digits(): ClassificationData {
  return classification(stored, 'digits');
}
