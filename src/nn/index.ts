// d.nn: modules, layers, initialisers and the functional forms.
export * as functional from './functional.js';
export * as init from './init.js';
export { Module, Parameter } from './module.js';
export type { RemovableHandle, ForwardHook, ForwardPreHook } from './module.js';
export { ModuleList, ModuleDict } from './containers.js';
export { Identity, ELU, SiLU, Mish, Softplus, Softmax, LogSoftmax, Hardtanh, PReLU } from './activations.js';
export type { StateDict } from './module.js';
export { Linear, Sequential, ReLU, Tanh, Sigmoid, GELU, LeakyReLU, Flatten, Dropout } from './layers.js';
export type { LinearOptions } from './layers.js';
export * as utils from './utils.js';
export { MSELoss, L1Loss, HuberLoss, SmoothL1Loss, CrossEntropyLoss, NLLLoss, BCELoss, BCEWithLogitsLoss, KLDivLoss, MarginRankingLoss, TripletMarginLoss, CosineSimilarity } from './loss/modules.js';
export { Conv1d, Conv2d, ConvTranspose2d } from './conv.js';
export type { ConvModuleOptions, ConvTransposeModuleOptions } from './conv.js';
export { MaxPool1d, MaxPool2d, AvgPool1d, AvgPool2d, AdaptiveAvgPool2d } from './pool.js';
export { BatchNorm1d, BatchNorm2d, LayerNorm, GroupNorm } from './norm.js';
export type { BatchNormModuleOptions } from './norm.js';
export { Embedding } from './embedding.js';
