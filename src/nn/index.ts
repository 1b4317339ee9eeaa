// d.nn: modules, layers, initialisers and the functional forms. Classes are declared here
// (src/signature.ts): extra constructor arguments and unknown options are refused.
import { declareClass } from '../signature.js';
import * as module from './module.js';
import * as parameter from './parameter.js';
import * as layers from './layers.js';
import * as conv from './conv.js';
import * as pool from './pool.js';
import * as norm from './norm.js';
import * as embedding from './embedding.js';
import * as containers from './containers.js';
import * as activations from './activations.js';
import * as lossModules from './loss/modules.js';
import { declare } from '../signature.js';
import * as recurrent from './recurrent.js';
import * as attention from './attention.js';
import * as transformer from './transformer.js';

export * as functional from './functional.js';
export * as init from './init.js';
export type { StateDict, RemovableHandle, ForwardHook, ForwardPreHook } from './module.js';
export type { LinearOptions } from './layers.js';
export * as utils from './utils.js';

export const Module = declareClass('Module()', module.Module, {
  methods: {
    call: 'call(...args)', modules: 'modules()', namedModules: 'namedModules(prefix)', children: 'children()',
    namedChildren: 'namedChildren()', namedParameters: 'namedParameters()', parameters: 'parameters()',
    namedBuffers: 'namedBuffers()', buffers: 'buffers()', apply: 'apply(fn)', requiresGrad_: 'requiresGrad_(requiresGrad)',
    train: 'train(mode)', eval: 'eval()', zeroGrad: 'zeroGrad()', dispose: 'dispose()', stateDict: 'stateDict()',
    loadStateDict: 'loadStateDict(stateDict)', registerBuffer: 'registerBuffer(name, tensor, {persistent})',
    registerParameter: 'registerParameter(name, tensor)', registerModule: 'registerModule(name, module)',
    registerForwardHook: 'registerForwardHook(hook)', registerForwardPreHook: 'registerForwardPreHook(hook)',
    extraRepr: 'extraRepr()', toString: 'toString()',
  },
  internal: ['releaseResources'],
});
export type Module = module.Module;
export const Parameter = declare('Parameter(data, {requiresGrad})', parameter.Parameter);

const forward = { forward: 'forward(input)', extraRepr: 'extraRepr()' };
export const Linear = declareClass('Linear(inFeatures, outFeatures, {bias, init, seed})', layers.Linear, { methods: forward });
export type Linear = layers.Linear;
export const Sequential = declareClass('Sequential(...modules)', containers.Sequential, {
  methods: { forward: 'forward(...args)', at: 'at(index)', append: 'append(module)' },
});
export type Sequential = containers.Sequential;
export const ModuleList = declareClass('ModuleList(modules)', containers.ModuleList, {
  methods: { forward: 'forward()', at: 'at(index)', append: 'append(module)', extend: 'extend(modules)', insert: 'insert(index, module)' },
});
export type ModuleList = containers.ModuleList;
export const ModuleDict = declareClass('ModuleDict(modules)', containers.ModuleDict, {
  methods: {
    forward: 'forward()', get: 'get(key)', set: 'set(key, module)', has: 'has(key)', keys: 'keys()', values: 'values()',
    entries: 'entries()', update: 'update(modules)',
  },
});
export type ModuleDict = containers.ModuleDict;
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
export const Flatten = declareClass('Flatten(startDim, endDim)', layers.Flatten, { methods: forward });
export type Flatten = layers.Flatten;
export const Dropout = declareClass('Dropout(p, {seed})', layers.Dropout, { methods: forward, internal: ['releaseResources'] });
export type Dropout = layers.Dropout;
export const Identity = declareClass('Identity(...args)', activations.Identity, { methods: forward });
export type Identity = activations.Identity;
export const ELU = declareClass('ELU(alpha)', activations.ELU, { methods: forward });
export type ELU = activations.ELU;
export const SiLU = declareClass('SiLU()', activations.SiLU, { methods: forward });
export type SiLU = activations.SiLU;
export const Mish = declareClass('Mish()', activations.Mish, { methods: forward });
export type Mish = activations.Mish;
export const Softplus = declareClass('Softplus(beta, threshold)', activations.Softplus, { methods: forward });
export type Softplus = activations.Softplus;
export const Softmax = declareClass('Softmax(dim)', activations.Softmax, { methods: forward });
export type Softmax = activations.Softmax;
export const LogSoftmax = declareClass('LogSoftmax(dim)', activations.LogSoftmax, { methods: forward });
export type LogSoftmax = activations.LogSoftmax;
export const Hardtanh = declareClass('Hardtanh(minVal, maxVal)', activations.Hardtanh, { methods: forward });
export type Hardtanh = activations.Hardtanh;
export const PReLU = declareClass('PReLU(numParameters, init)', activations.PReLU, { methods: forward });
export type PReLU = activations.PReLU;

const pair = { forward: 'forward(input, target)' };
export const MSELoss = declareClass('MSELoss({reduction})', lossModules.MSELoss, { methods: pair });
export type MSELoss = lossModules.MSELoss;
export const L1Loss = declareClass('L1Loss({reduction})', lossModules.L1Loss, { methods: pair });
export type L1Loss = lossModules.L1Loss;
export const HuberLoss = declareClass('HuberLoss({reduction, delta})', lossModules.HuberLoss, { methods: pair });
export type HuberLoss = lossModules.HuberLoss;
export const SmoothL1Loss = declareClass('SmoothL1Loss({reduction, beta})', lossModules.SmoothL1Loss, { methods: pair });
export type SmoothL1Loss = lossModules.SmoothL1Loss;
export const CrossEntropyLoss = declareClass('CrossEntropyLoss({weight, ignoreIndex, labelSmoothing, reduction})', lossModules.CrossEntropyLoss, { methods: pair });
export type CrossEntropyLoss = lossModules.CrossEntropyLoss;
export const NLLLoss = declareClass('NLLLoss({weight, ignoreIndex, reduction})', lossModules.NLLLoss, { methods: pair });
export type NLLLoss = lossModules.NLLLoss;
export const BCELoss = declareClass('BCELoss({weight, reduction})', lossModules.BCELoss, { methods: pair });
export type BCELoss = lossModules.BCELoss;
export const BCEWithLogitsLoss = declareClass('BCEWithLogitsLoss({weight, posWeight, reduction})', lossModules.BCEWithLogitsLoss, { methods: pair });
export type BCEWithLogitsLoss = lossModules.BCEWithLogitsLoss;
export const KLDivLoss = declareClass('KLDivLoss({reduction, logTarget})', lossModules.KLDivLoss, { methods: pair });
export type KLDivLoss = lossModules.KLDivLoss;
export const MarginRankingLoss = declareClass('MarginRankingLoss({margin, reduction})', lossModules.MarginRankingLoss, {
  methods: { forward: 'forward(input1, input2, target)' },
});
export type MarginRankingLoss = lossModules.MarginRankingLoss;
export const TripletMarginLoss = declareClass('TripletMarginLoss({margin, p, eps, swap, reduction})', lossModules.TripletMarginLoss, {
  methods: { forward: 'forward(anchor, positive, negative)' },
});
export type TripletMarginLoss = lossModules.TripletMarginLoss;
export const CosineSimilarity = declareClass('CosineSimilarity(dim, eps)', lossModules.CosineSimilarity, { methods: { forward: 'forward(x1, x2)' } });
export type CosineSimilarity = lossModules.CosineSimilarity;

const CONV = 'stride, padding, dilation, groups, bias, seed';
export const Conv1d = declareClass(`Conv1d(inChannels, outChannels, kernelSize, {${CONV}})`, conv.Conv1d, { methods: forward });
export type Conv1d = conv.Conv1d;
export const Conv2d = declareClass(`Conv2d(inChannels, outChannels, kernelSize, {${CONV}})`, conv.Conv2d, { methods: forward });
export type Conv2d = conv.Conv2d;
export const ConvTranspose2d = declareClass(`ConvTranspose2d(inChannels, outChannels, kernelSize, {${CONV}, outputPadding})`,
  conv.ConvTranspose2d, { methods: forward });
export type ConvTranspose2d = conv.ConvTranspose2d;
const MAX = 'stride, padding, dilation, ceilMode';
const AVG = 'stride, padding, ceilMode, countIncludePad';
export const MaxPool1d = declareClass(`MaxPool1d(kernelSize, {${MAX}})`, pool.MaxPool1d, { methods: forward });
export type MaxPool1d = pool.MaxPool1d;
export const MaxPool2d = declareClass(`MaxPool2d(kernelSize, {${MAX}})`, pool.MaxPool2d, { methods: forward });
export type MaxPool2d = pool.MaxPool2d;
export const AvgPool1d = declareClass(`AvgPool1d(kernelSize, {${AVG}})`, pool.AvgPool1d, { methods: forward });
export type AvgPool1d = pool.AvgPool1d;
export const AvgPool2d = declareClass(`AvgPool2d(kernelSize, {${AVG}})`, pool.AvgPool2d, { methods: forward });
export type AvgPool2d = pool.AvgPool2d;
export const AdaptiveAvgPool2d = declareClass('AdaptiveAvgPool2d(outputSize)', pool.AdaptiveAvgPool2d, { methods: forward });
export type AdaptiveAvgPool2d = pool.AdaptiveAvgPool2d;
const BN = 'eps, momentum, affine, trackRunningStats';
export const BatchNorm1d = declareClass(`BatchNorm1d(numFeatures, {${BN}})`, norm.BatchNorm1d, { methods: forward, internal: ['normalizeBatch'] });
export type BatchNorm1d = norm.BatchNorm1d;
export const BatchNorm2d = declareClass(`BatchNorm2d(numFeatures, {${BN}})`, norm.BatchNorm2d, { methods: forward, internal: ['normalizeBatch'] });
export type BatchNorm2d = norm.BatchNorm2d;
export const LayerNorm = declareClass('LayerNorm(normalizedShape, {eps, elementwiseAffine})', norm.LayerNorm, { methods: forward });
export type LayerNorm = norm.LayerNorm;
export const GroupNorm = declareClass('GroupNorm(numGroups, numChannels, {eps, affine})', norm.GroupNorm, { methods: forward });
export type GroupNorm = norm.GroupNorm;
export const Embedding = declareClass('Embedding(numEmbeddings, embeddingDim, {paddingIdx, seed})', embedding.Embedding, { methods: forward });
export type Embedding = embedding.Embedding;
export type { ConvModuleOptions, ConvTransposeModuleOptions } from './conv.js';
export type { BatchNormModuleOptions } from './norm.js';
const RECURRENT = 'numLayers, bias, batchFirst, dropout, bidirectional';
const RECURRENT_INTERNAL = ['run', 'checkState', 'releaseResources'];
export const RNN = declareClass(`RNN(inputSize, hiddenSize, {${RECURRENT}, nonlinearity, seed})`, recurrent.RNN,
  { methods: { forward: 'forward(input, h0)', extraRepr: 'extraRepr()' }, internal: RECURRENT_INTERNAL });
export type RNN = recurrent.RNN;
export const LSTM = declareClass(`LSTM(inputSize, hiddenSize, {${RECURRENT}, seed})`, recurrent.LSTM,
  { methods: { forward: 'forward(input, hx)', extraRepr: 'extraRepr()' }, internal: RECURRENT_INTERNAL });
export type LSTM = recurrent.LSTM;
export const GRU = declareClass(`GRU(inputSize, hiddenSize, {${RECURRENT}, seed})`, recurrent.GRU,
  { methods: { forward: 'forward(input, h0)', extraRepr: 'extraRepr()' }, internal: RECURRENT_INTERNAL });
export type GRU = recurrent.GRU;
const CELL_INTERNAL = ['step', 'checkState'];
export const RNNCell = declareClass('RNNCell(inputSize, hiddenSize, {bias, nonlinearity, seed})', recurrent.RNNCell,
  { methods: { forward: 'forward(input, h)', extraRepr: 'extraRepr()' }, internal: CELL_INTERNAL });
export type RNNCell = recurrent.RNNCell;
export const LSTMCell = declareClass('LSTMCell(inputSize, hiddenSize, {bias, seed})', recurrent.LSTMCell,
  { methods: { forward: 'forward(input, hx)', extraRepr: 'extraRepr()' }, internal: CELL_INTERNAL });
export type LSTMCell = recurrent.LSTMCell;
export const GRUCell = declareClass('GRUCell(inputSize, hiddenSize, {bias, seed})', recurrent.GRUCell,
  { methods: { forward: 'forward(input, h)', extraRepr: 'extraRepr()' }, internal: CELL_INTERNAL });
export type GRUCell = recurrent.GRUCell;
export type { RecurrentOptions } from './recurrent.js';

// Attention (src/nn/attention.ts, src/nn/transformer.ts).
export const MultiheadAttention = declareClass('MultiheadAttention(embedDim, numHeads, {dropout, bias, batchFirst, kdim, vdim, seed})',
  attention.MultiheadAttention, {
    methods: { forward: 'forward(query, key, value, {keyPaddingMask, needWeights, attnMask, averageAttnWeights, isCausal})' },
    internal: ['releaseResources', 'projections', 'projectionBiases', 'masks'],
  });
export type MultiheadAttention = attention.MultiheadAttention;
export const TransformerEncoderLayer = declareClass(
  'TransformerEncoderLayer(dModel, nhead, {dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, seed})',
  transformer.TransformerEncoderLayer, { methods: { forward: 'forward(src, {srcMask, srcKeyPaddingMask, isCausal})' } });
export type TransformerEncoderLayer = transformer.TransformerEncoderLayer;
export const TransformerEncoder = declareClass('TransformerEncoder(encoderLayer, numLayers, {norm})', transformer.TransformerEncoder,
  { methods: { forward: 'forward(src, {mask, srcKeyPaddingMask, isCausal})' } });
export type TransformerEncoder = transformer.TransformerEncoder;
export type { MultiheadAttentionOptions, MultiheadAttentionForwardOptions, ScaledDotProductAttentionOptions, AttentionMask } from './attention.js';
export type { TransformerEncoderLayerOptions, TransformerEncoderForwardOptions } from './transformer.js';
