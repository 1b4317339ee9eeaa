// The independent torch 1.13 sweep (issue 15): batchNorm (train/eval over several calls, momentum
// incl. null = cumulative average, affine false, trackRunningStats false, numBatchesTracked),
// layerNorm (several dims, no affine), groupNorm, embedding (paddingIdx incl. negative, repeated
// indices) and dropout in eval; functional and modules.
// Cases: tools/reference/audit_norm.py → test/fixtures/audit_norm.mjs.
import cases from '../fixtures/audit_norm.mjs';
import { sweep } from './sweep.mjs';

describe('torch sweep: normalisation, embedding, dropout', () => sweep(cases));
