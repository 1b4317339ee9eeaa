// d.nn: modules, layers, initialisers and the functional forms. Classes are declared here
// (src/signature.ts): extra constructor arguments and unknown options are refused.
import { declareClass } from '../signature.js';
import * as module from './module.js';
import * as layers from './layers.js';

export * as functional from './functional.js';
export * as init from './init.js';
export type { StateDict } from './module.js';
export type { LinearOptions } from './layers.js';
export * as utils from './utils.js';

export const Module = declareClass('Module()', module.Module, {
  methods: {
    call: 'call(input)', modules: 'modules()', namedParameters: 'namedParameters()', parameters: 'parameters()',
    train: 'train(mode)', eval: 'eval()', zeroGrad: 'zeroGrad()', dispose: 'dispose()', stateDict: 'stateDict()',
    loadStateDict: 'loadStateDict(stateDict)',
  },
  internal: ['registerParameter', 'registerModule', 'releaseResources'],
});
export type Module = module.Module;

const forward = { forward: 'forward(input)' };
export const Linear = declareClass('Linear(inFeatures, outFeatures, {bias, init, seed})', layers.Linear, { methods: forward });
export type Linear = layers.Linear;
export const Sequential = declareClass('Sequential(...modules)', layers.Sequential, { methods: forward });
export type Sequential = layers.Sequential;
export const ReLU = declareClass('ReLU()', layers.ReLU, { methods: forward });
export type ReLU = layers.ReLU;
export const Tanh = declareClass('Tanh()', layers.Tanh, { methods: forward });
export type Tanh = layers.Tanh;
export const Sigmoid = declareClass('Sigmoid()', layers.Sigmoid, { methods: forward });
export type Sigmoid = layers.Sigmoid;
export const GELU = declareClass('GELU()', layers.GELU, { methods: forward });
export type GELU = layers.GELU;
export const LeakyReLU = declareClass('LeakyReLU(negativeSlope)', layers.LeakyReLU, { methods: forward });
export type LeakyReLU = layers.LeakyReLU;
export const Flatten = declareClass('Flatten()', layers.Flatten, { methods: forward });
export type Flatten = layers.Flatten;
export const Dropout = declareClass('Dropout(p, {seed})', layers.Dropout, { methods: forward, internal: ['releaseResources'] });
export type Dropout = layers.Dropout;
