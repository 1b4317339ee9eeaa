// d.data: loaders, splits and scaling.
export { DataLoader, TensorDataset } from './loader.js';
export type { Batch, Dataset, DataLoaderOptions, Targets } from './loader.js';
export { trainTestSplit, StandardScaler } from './split.js';
export type { SplitOptions, Split } from './split.js';
