// Type-checked by test/node/types.test.mjs (tsc --noEmit): every entry has types.
import * as d from 'descent-ml';
import * as bundled from 'descent-ml/browser';
import * as edge from 'descent-ml/workerd';
import kernels from 'descent-ml/descent.wasm';

const t: d.Tensor = d.tensor([1, 2, 3]).exp();
const u: bundled.Tensor = bundled.zeros([2]);
const module: WebAssembly.Module = kernels;
edge.init(module);
// The default entry has the same init (a no-op there), so one worker file type-checks everywhere.
d.init(kernels);
const alsoReady: boolean = d.isInitialised();
const ready: boolean = edge.isInitialised();
const v: edge.Tensor = edge.ones([2]);
export { t, u, v, ready, alsoReady };
