// The independent torch 1.13 check (issue 15): second derivatives. The README says the
// convolutions' and normalisations' derivatives of every order are exact; here the recorded
// first gradient g = ∂(Σ y·r)/∂x and the gradients of Σ g·r2 with respect to the input and every
// parameter are compared with torch's double backward: conv2d, conv1d, convTranspose2d,
// batchNorm, layerNorm, groupNorm, scaledDotProductAttention. (Pooling is linear in its input;
// the recurrent layers refuse second derivatives, as the README says.)
// Cases: tools/reference/audit_second.py → test/fixtures/audit_second.mjs.
import cases from '../fixtures/audit_second.mjs';
import { sweep } from './sweep.mjs';

describe('torch sweep: second derivatives', () => sweep(cases));
