// d.data: loaders, splits and scaling. Declared here (src/signature.ts).
import { declare, declareClass } from '../signature.js';
import * as loader from './loader.js';
import * as split from './split.js';

export type { Batch, Dataset, DataLoaderOptions, Targets } from './loader.js';
export type { SplitOptions, Split } from './split.js';

export const DataLoader = declareClass('DataLoader(data, {batchSize, shuffle, seed, dropLast})', loader.DataLoader, {
  methods: { order: 'order()', dispose: 'dispose()' },
});
export type DataLoader = loader.DataLoader;
export const TensorDataset = declareClass('TensorDataset(x, y)', loader.TensorDataset, { methods: { batch: 'batch(indices)' } });
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
