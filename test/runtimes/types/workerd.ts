// Type-checked with the `workerd` condition (tsconfig.workerd.json): `descent-ml` is the entry
// with init().
import * as d from 'descent-ml';
import kernels from 'descent-ml/descent.wasm';

d.init(kernels);
export const t: d.Tensor = d.tensor([1, 2, 3]).log();
