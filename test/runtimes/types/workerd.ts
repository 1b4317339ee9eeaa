// Type-checked with the `workerd` condition (tsconfig.workerd.json): `descent` is the entry
// with init().
import * as d from 'descent';
import kernels from 'descent/descent.wasm';

d.init(kernels);
export const t: d.Tensor = d.tensor([1, 2, 3]).log();
