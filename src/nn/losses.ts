// The losses (d.nn.functional) gathered from src/nn/loss/: every loss takes { reduction }.
export { mseLoss, l1Loss, huberLoss, smoothL1Loss } from './loss/regression.js';
export type { ReductionOptions } from './loss/regression.js';
export { crossEntropy, nllLoss, klDiv } from './loss/entropy.js';
export type { ClassTarget, CrossEntropyOptions, NllLossOptions, KlDivOptions } from './loss/entropy.js';
export { binaryCrossEntropyWithLogits, binaryCrossEntropy, hingeLoss, marginRankingLoss } from './loss/binary.js';
export type { BceOptions, BceWithLogitsOptions } from './loss/binary.js';
export { cosineSimilarity, pairwiseDistance, tripletMarginLoss } from './loss/embedding.js';
export type { TripletMarginOptions } from './loss/embedding.js';
export type { Reduction } from './loss/options.js';
