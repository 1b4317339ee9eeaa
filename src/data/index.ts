// d.data: loaders, splits and scaling. Declared here (src/signature.ts).
import { declare, declareClass } from '../signature.js';
import * as loader from './loader.js';
import * as split from './split.js';
import * as dataset from './dataset.js';

export type { Batch, DataLoaderOptions, Targets } from './loader.js';
export type { BatchDataset, ItemDataset, RandomSplitOptions } from './dataset.js';
export type { SplitOptions, Split } from './split.js';

export const DataLoader = declareClass('DataLoader(data, {batchSize, shuffle, seed, dropLast})', loader.DataLoader, {
  methods: { order: 'order()', dispose: 'dispose()' },
});
export type DataLoader = loader.DataLoader;
export const TensorDataset = declareClass('TensorDataset(x, y)', loader.TensorDataset, {
  methods: { batch: 'batch(indices)', getItem: 'getItem(index)' },
});
export type TensorDataset = loader.TensorDataset;
export const trainTestSplit = declare('trainTestSplit(x, y, {testSize, seed, stratify})', split.trainTestSplit);
export const StandardScaler = declareClass('StandardScaler()', split.StandardScaler, {
  methods: {
    fit: 'fit(input)', transform: 'transform(input)', fitTransform: 'fitTransform(input)',
    inverseTransform: 'inverseTransform(input)', dispose: 'dispose()',
  },
  internal: ['fitted'],
});
export type StandardScaler = split.StandardScaler;
export const Dataset = declareClass('Dataset()', dataset.Dataset, { methods: {} });
export type Dataset<T = unknown> = dataset.Dataset<T>;
export const Subset = declareClass('Subset(dataset, indices)', dataset.Subset, {
  methods: { getItem: 'getItem(index)', batch: 'batch(indices)' },
});
export type Subset<T = unknown> = dataset.Subset<T>;
export const randomSplit = declare('randomSplit(dataset, lengths, {seed, generator})', dataset.randomSplit);
