// The independent torch 1.13 sweep (issue 15): scaledDotProductAttention (torch 2.x's definition,
// float64 reference: causal with L ≠ S, bool/float masks broadcast), MultiheadAttention (kdim/vdim,
// batchFirst, keyPaddingMask bool/float, attnMask 2-D/3-D bool/float, needWeights,
// averageAttnWeights, bias false, dropout in eval, unbatched), TransformerEncoderLayer (relu/gelu,
// normFirst, batchFirst, layerNormEps, masks) and TransformerEncoder (numLayers, norm), with
// torch's weights loaded. Cases: tools/reference/audit_attention.py.
import cases from '../fixtures/audit_attention.mjs';
import { sweep } from './sweep.mjs';

describe('torch sweep: attention and transformer', () => sweep(cases));
