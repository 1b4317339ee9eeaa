// The independent torch 1.13 sweep (issue 15): convolutions and pooling, functional and modules,
// over strides, paddings (ints, tuples, 'same', 'valid'), dilations, groups (depthwise with
// multipliers), bias on/off, non-square kernels, outputPadding, ceilMode windows that start in
// the padding, countIncludePad, adaptive sizes that do not divide; odd sizes, batch 1, unbatched.
// Cases: tools/reference/audit_conv.py → test/fixtures/audit_conv.mjs.
import cases from '../fixtures/audit_conv.mjs';
import { sweep } from './sweep.mjs';

describe('torch sweep: convolution and pooling', () => sweep(cases));
