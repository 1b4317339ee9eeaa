// `descent-ml/descent.wasm` outside workerd: the default entry's own compiled kernels, so that
// `import kernels from 'descent-ml/descent.wasm'; d.init(kernels)` works in every runtime (the
// default entry's init is a no-op). Under the `workerd` condition that import is the .wasm file
// itself, which workerd compiles and hands over as a WebAssembly.Module. (Bundled, './index.js'
// is the single file dist/descent.min.js: tools/bundle.mjs.)
import { isInitialised } from './index.js';
import { registeredKernels } from './registry.js';

if (!isInitialised()) throw new Error('descent-ml/descent.wasm: the default entry did not start');
const kernels: WebAssembly.Module = registeredKernels('descent-ml/descent.wasm');
export default kernels;
