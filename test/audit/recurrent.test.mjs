// The independent torch 1.13 sweep (issue 15): RNN/LSTM/GRU (numLayers, bidirectional,
// batchFirst, bias false, relu, initial states given or omitted, unbatched input, dropout between
// layers in eval, gradients accumulated over two calls) and the three cells, with torch's
// weights loaded through loadStateDict. Cases: tools/reference/audit_recurrent.py.
import cases from '../fixtures/audit_recurrent.mjs';
import { sweep } from './sweep.mjs';

describe('torch sweep: recurrent layers and cells', () => sweep(cases));
