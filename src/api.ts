// The public surface of descent, without initialisation: index.ts (the one entry, which
// starts the kernels) re-exports this.
import { engineMemory } from './backend/index.js';
import { liveTensorCount } from './tensor.js';

export * from './ops/index.js';
export type { NestedArray, TensorLike } from './tensor.js';
export * as io from './io/index.js';
export * as autograd from './autograd_api.js';

/** Live tensors, the bytes allocated for tensors and optimizer state, and the Wasm memory's size. */
function memoryReport(): { tensors: number; bytes: number; wasmBytes: number } {
  const m = engineMemory();
  return { tensors: liveTensorCount(), bytes: m.bytes, wasmBytes: m.wasmBytes };
}

export * as nn from './nn/index.js';
export * as data from './data/index.js';
export type { FitOptions, FitAsyncOptions, History, HistoryBase, MetricSpec, EpochLogs, EarlyStopping, TrainingProgress } from './fit.js';
export type { GradOptions, Gradients } from './autograd.js';
export * as metrics from './metrics.js';
export * as models from './models/index.js';
export * as optimize from './optimize/index.js';
export * as tune from './tune/index.js';
export * as optim from './optim/index.js';

// ---- The public signatures (src/signature.ts): every callable reachable from `d` is declared,
// so an extra argument or an unknown option is refused, never ignored. These local exports
// take precedence over the `export *` lines above.
import { declare, declareClass } from './signature.js';
import * as create from './ops/create.js';
import * as elementwise from './ops/elementwise.js';
import * as unary from './ops/unary.js';
import * as trig from './ops/trig.js';
import * as reduce from './ops/reduce.js';
import * as shape from './ops/shape.js';
import * as linalg from './ops/linalg.js';
import * as dims from './ops/dims.js';
import * as logic from './ops/logic.js';
import * as pointwise from './ops/pointwise.js';
import * as cumulative from './ops/cumulative.js';
import * as vectorNorm from './ops/vector_norm.js';
import * as sorting from './ops/sorting.js';
import * as pieces from './ops/pieces.js';
import * as tensorModule from './tensor.js';
import { Tensor as MethodsTensor } from './ops/methods.js';
import * as autograd from './autograd.js';
import * as hessians from './hessian.js';
import * as random from './random.js';
import * as anomaly from './anomaly.js';
import * as checkpoint from './io/checkpoint.js';
import * as training from './fit.js';
import * as threads from './backend/index.js';

export const tensor = declare('tensor(data, {shape, requiresGrad})', create.tensor);
export const full = declare('full(shape, value, {requiresGrad})', create.full);
export const zeros = declare('zeros(...size, {requiresGrad})', create.zeros);
export const ones = declare('ones(...size, {requiresGrad})', create.ones);
export const empty = declare('empty(...size, {requiresGrad})', create.empty);
export const zerosLike = declare('zerosLike(input, {requiresGrad})', create.zerosLike);
export const onesLike = declare('onesLike(input, {requiresGrad})', create.onesLike);
export const fullLike = declare('fullLike(input, value, {requiresGrad})', create.fullLike);
export const randLike = declare('randLike(input, {seed, requiresGrad})', create.randLike);
export const randnLike = declare('randnLike(input, {seed, requiresGrad})', create.randnLike);
export const arange = declare('arange(start, stop, step)', create.arange);
export const linspace = declare('linspace(start, stop, steps)', create.linspace);
export const eye = declare('eye(n, m)', create.eye);
export const rand = declare('rand(...size, {seed, requiresGrad})', create.rand);
export const randn = declare('randn(...size, {seed, requiresGrad})', create.randn);

export const add = declare('add(input, other)', elementwise.add);
export const sub = declare('sub(input, other)', elementwise.sub);
export const mul = declare('mul(input, other)', elementwise.mul);
export const div = declare('div(input, other)', elementwise.div);
export const pow = declare('pow(input, exponent)', elementwise.pow);
export const maximum = declare('maximum(input, other)', elementwise.maximum);
export const minimum = declare('minimum(input, other)', elementwise.minimum);
export const gt = declare('gt(input, other)', elementwise.gt);
export const ge = declare('ge(input, other)', elementwise.ge);
export const lt = declare('lt(input, other)', elementwise.lt);
export const le = declare('le(input, other)', elementwise.le);
export const eq = declare('eq(input, other)', elementwise.eq);
export const where = declare('where(condition, input, other)', elementwise.where);
export const neg = declare('neg(input)', elementwise.neg);
export const ne = declare('ne(input, other)', logic.ne);
export const logicalNot = declare('logicalNot(input)', logic.logicalNot);
export const logicalAnd = declare('logicalAnd(input, other)', logic.logicalAnd);
export const logicalOr = declare('logicalOr(input, other)', logic.logicalOr);
export const logicalXor = declare('logicalXor(input, other)', logic.logicalXor);
export const isnan = declare('isnan(input)', logic.isnan);
export const isfinite = declare('isfinite(input)', logic.isfinite);

export const abs = declare('abs(input)', unary.abs);
export const exp = declare('exp(input)', unary.exp);
export const log = declare('log(input)', unary.log);
export const sqrt = declare('sqrt(input)', unary.sqrt);
export const square = declare('square(input)', unary.square);
export const relu = declare('relu(input)', unary.relu);
export const sigmoid = declare('sigmoid(input)', unary.sigmoid);
export const tanh = declare('tanh(input)', unary.tanh);
export const gelu = declare('gelu(input)', unary.gelu);
export const softplus = declare('softplus(input)', unary.softplus);
export const erf = declare('erf(input)', unary.erf);
export const sign = declare('sign(input)', unary.sign);
export const leakyRelu = declare('leakyRelu(input, negativeSlope)', unary.leakyRelu);
export const clamp = declare('clamp(input, min, max)', unary.clamp);
export const sin = declare('sin(input)', trig.sin);
export const cos = declare('cos(input)', trig.cos);

export const sum = declare('sum(input, axis, keepDim)', reduce.sum);
export const mean = declare('mean(input, axis, keepDim)', reduce.mean);
export const max = declare('max(input, axis, keepDim)', reduce.max);
export const min = declare('min(input, axis, keepDim)', reduce.min);
export const argmax = declare('argmax(input, axis, keepDim)', reduce.argmax);
export const argmin = declare('argmin(input, axis, keepDim)', logic.argmin);
export const any = declare('any(input, axis, keepDim)', logic.any);
export const all = declare('all(input, axis, keepDim)', logic.all);
const varianceDeclared = declare('var(input, axis, {correction, keepDim})', logic.variance);
export { varianceDeclared as var };
export const std = declare('std(input, axis, {correction, keepDim})', logic.std);
export const softmax = declare('softmax(input, axis)', reduce.softmax);
export const logSoftmax = declare('logSoftmax(input, axis)', reduce.logSoftmax);
export const logSumExp = declare('logSumExp(input, axis, keepDim)', reduce.logSumExp);
export const sumToShape = declare('sumToShape(input, shape)', reduce.sumToShape);

export const detach = declare('detach(input)', shape.detach);
export const clone = declare('clone(input)', shape.clone);
export const reshape = declare('reshape(input, shape)', shape.reshape);
export const flatten = declare('flatten(input, startDim, endDim)', shape.flatten);
export const unsqueeze = declare('unsqueeze(input, dim)', dims.unsqueeze);
export const squeeze = declare('squeeze(input, dim)', dims.squeeze);
export const view = declare('view(input, ...shape)', dims.view);
export const expand = declare('expand(input, shape)', shape.expand);
export const permute = declare('permute(input, dims)', shape.permute);
export const transpose = declare('transpose(input, dim0, dim1)', shape.transpose);
export const slice = declare('slice(input, begin, size)', shape.slice);
export const concat = declare('concat(tensors, axis)', shape.concat);
export const stack = declare('stack(tensors, axis)', shape.stack);
export const toIndices = declare('toIndices(indices, limit, op, arg)', shape.toIndices);
export const indexSelect = declare('indexSelect(input, axis, indices)', shape.indexSelect);
export const gather = declare('gather(input, axis, index)', shape.gather);

export const matmul = declare('matmul(input, other)', linalg.matmul);
export const matmulTransposedA = declare('matmulTransposedA(input, other)', linalg.matmulTransposedA);
export const matmulTransposedB = declare('matmulTransposedB(input, other)', linalg.matmulTransposedB);

// The tensor vocabulary with kernels of its own (scans, norms, sorting) and the shape pieces.
export const log1p = declare('log1p(input)', pointwise.log1p);
export const expm1 = declare('expm1(input)', pointwise.expm1);
export const reciprocal = declare('reciprocal(input)', pointwise.reciprocal);
export const rsqrt = declare('rsqrt(input)', pointwise.rsqrt);
export const floor = declare('floor(input)', pointwise.floor);
export const ceil = declare('ceil(input)', pointwise.ceil);
export const round = declare('round(input)', pointwise.round);
export const trunc = declare('trunc(input)', pointwise.trunc);
export const cumsum = declare('cumsum(input, axis)', cumulative.cumsum);
export const cumprod = declare('cumprod(input, axis)', cumulative.cumprod);
export const prod = declare('prod(input, axis, keepDim)', cumulative.prod);
export const norm = declare('norm(input, p, axis, keepDim)', vectorNorm.norm);
export const sort = declare('sort(input, dim, {descending, stable})', sorting.sort);
export const argsort = declare('argsort(input, dim, {descending, stable})', sorting.argsort);
export const topk = declare('topk(input, k, {dim, largest, sorted})', sorting.topk);
export const narrow = declare('narrow(input, dim, start, length)', pieces.narrow);
export const select = declare('select(input, dim, index)', pieces.select);
export const split = declare('split(input, sizeOrSizes, dim)', pieces.split);
export const chunk = declare('chunk(input, chunks, dim)', pieces.chunk);
export const flip = declare('flip(input, dims)', pieces.flip);
export const roll = declare('roll(input, shifts, dims)', pieces.roll);
export const repeat = declare('repeat(input, ...reps)', pieces.repeat);
export const tile = declare('tile(input, reps)', pieces.tile);

export const tidy = declare('tidy(fn)', tensorModule.tidy);
export const keep = declare('keep(tensor)', tensorModule.keep);
export const noGrad = declare('noGrad(fn)', autograd.noGrad);
export const enableGrad = declare('enableGrad(fn)', autograd.enableGrad);
export const grad = declare('grad(fn, {createGraph})', autograd.grad);
export const valueAndGrad = declare('valueAndGrad(fn, {createGraph})', autograd.valueAndGrad);
export const hessian = declare('hessian(fn)', hessians.hessian);
export const hvp = declare('hvp(fn)', hessians.hvp);
export const manualSeed = declare('manualSeed(seed)', random.manualSeed);
export const getRngState = declare('getRngState()', random.getRngState);
export const setRngState = declare('setRngState(state)', random.setRngState);
export const anomalyMode = declare('anomalyMode(on)', anomaly.anomalyMode);
export const save = declare('save({model, optimizer, scheduler, metadata})', checkpoint.save);
export const load = declare('load(bytes, {model, optimizer, scheduler})', checkpoint.load);
export const memory = declare('memory()', memoryReport);
// Typed here, not `typeof threads.…`, so the published types do not reach into src/backend/
// (whose .d.ts files the package does not ship: package.json "files").
export const setNumThreads: (n: number) => Promise<number> = declare('setNumThreads(n)', threads.setNumThreads);
export const numThreads: () => number = declare('numThreads()', threads.numThreads);
const FIT = 'data, validation, loss, epochs, scheduler, schedulerStep, clipGradNorm, earlyStopping, tol, nIterNoChange, metrics, onEpoch, progress, onProgress';
export const fit = declare(`fit(model, optimizer, {${FIT}})`, training.fit);
export const fitAsync = declare(`fitAsync(model, optimizer, {${FIT}, signal, yieldEveryMs})`, training.fitAsync);

export const Generator = declareClass('Generator(seed)', random.Generator, {
  methods: {
    seed: 'seed(seed)', getState: 'getState()', setState: 'setState(words)', uniform: 'uniform()', int: 'int(n)',
    permutation: 'permutation(n)', nextU32: 'nextU32()', dispose: 'dispose()', getRngState: 'getRngState()', setRngState: 'setRngState(state)',
  },
  internal: ['restore'],
});
export type Generator = random.Generator;
export const AnomalyError = declareClass('AnomalyError(message)', anomaly.AnomalyError);
export type AnomalyError = anomaly.AnomalyError;

/** `d.Tensor` is for `instanceof` and the methods; tensors are made by d.tensor, d.zeros and the ops. */
// Typed through ops/methods.js, whose module augmentation gives Tensor its op methods.
export const Tensor: typeof MethodsTensor = declareClass('Tensor()', MethodsTensor, {
  notConstructible: 'make tensors with d.tensor(data), d.zeros(shape), d.full(shape, value) or the ops',
  methods: {
    toFloat32Array: 'toFloat32Array()', toArray: 'toArray()', toJSON: 'toJSON(key)', item: 'item()', toString: 'toString()',
    dispose: 'dispose()', backward: 'backward(gradient, {retainGraph, createGraph, inputs})', retainGrad: 'retainGrad()',
    registerHook: 'registerHook(hook)', requiresGrad_: 'requiresGrad_(requiresGrad)',
    add_: 'add_(other, {alpha})', sub_: 'sub_(other, {alpha})', mul_: 'mul_(other)', div_: 'div_(other)',
    clamp_: 'clamp_(min, max)', fill_: 'fill_(value)', zero_: 'zero_()', copy_: 'copy_(src)',
    ne: 'ne(other)', logicalNot: 'logicalNot()', logicalAnd: 'logicalAnd(other)', logicalOr: 'logicalOr(other)',
    logicalXor: 'logicalXor(other)', isnan: 'isnan()', isfinite: 'isfinite()', any: 'any(axis, keepDim)', all: 'all(axis, keepDim)',
    argmin: 'argmin(axis, keepDim)', var: 'var(axis, {correction, keepDim})', std: 'std(axis, {correction, keepDim})',
    unsqueeze: 'unsqueeze(dim)', squeeze: 'squeeze(dim)', view: 'view(...shape)',
    sum: 'sum(axis, keepDim)', mean: 'mean(axis, keepDim)', max: 'max(axis, keepDim)', min: 'min(axis, keepDim)',
    argmax: 'argmax(axis, keepDim)', softmax: 'softmax(axis)', logSoftmax: 'logSoftmax(axis)', logSumExp: 'logSumExp(axis, keepDim)',
    add: 'add(other)', sub: 'sub(other)', mul: 'mul(other)', div: 'div(other)', pow: 'pow(exponent)',
    maximum: 'maximum(other)', minimum: 'minimum(other)', gt: 'gt(other)', ge: 'ge(other)', lt: 'lt(other)', le: 'le(other)',
    eq: 'eq(other)', neg: 'neg()', where: 'where(condition, other)',
    abs: 'abs()', exp: 'exp()', log: 'log()', sqrt: 'sqrt()', square: 'square()', relu: 'relu()', sigmoid: 'sigmoid()',
    tanh: 'tanh()', gelu: 'gelu()', softplus: 'softplus()', erf: 'erf()', sign: 'sign()', leakyRelu: 'leakyRelu(negativeSlope)',
    clamp: 'clamp(min, max)', sin: 'sin()', cos: 'cos()',
    detach: 'detach()', clone: 'clone()', reshape: 'reshape(shape)', flatten: 'flatten(startDim, endDim)', expand: 'expand(shape)',
    permute: 'permute(dims)', transpose: 'transpose(dim0, dim1)', slice: 'slice(begin, size)',
    indexSelect: 'indexSelect(axis, indices)', gather: 'gather(axis, index)', concat: 'concat(others, axis)',
    stack: 'stack(others, axis)', matmul: 'matmul(other)',
    log1p: 'log1p()', expm1: 'expm1()', reciprocal: 'reciprocal()', rsqrt: 'rsqrt()', floor: 'floor()', ceil: 'ceil()',
    round: 'round()', trunc: 'trunc()', cumsum: 'cumsum(axis)', cumprod: 'cumprod(axis)', prod: 'prod(axis, keepDim)',
    norm: 'norm(p, axis, keepDim)', sort: 'sort(dim, {descending, stable})', argsort: 'argsort(dim, {descending, stable})',
    topk: 'topk(k, {dim, largest, sorted})', narrow: 'narrow(dim, start, length)', select: 'select(dim, index)',
    split: 'split(sizeOrSizes, dim)', chunk: 'chunk(chunks, dim)', flip: 'flip(dims)', roll: 'roll(shifts, dims)',
    repeat: 'repeat(...reps)', tile: 'tile(reps)',
  },
  internal: ['registerForFinalization', 'viewBytes'],
});
export type Tensor = MethodsTensor;
