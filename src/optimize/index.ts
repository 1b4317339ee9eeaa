// d.optimize: test landscapes and minimisers.
import * as functions from './functions.js';

export { functions };
export type { TestFunction } from './functions.js';
