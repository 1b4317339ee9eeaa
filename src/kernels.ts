// `descent-ml/descent.wasm` outside workerd: the engine's own compiled kernels, so that
// `import kernels from 'descent-ml/descent.wasm'; d.init(kernels)` works in every runtime
// (init is a no-op where the embedded kernels run). Under the `workerd` condition that import
// is the .wasm file itself, which workerd compiles and hands over as a WebAssembly.Module.
// (Bundled, './index.js' is the single file dist/descent.min.js: tools/bundle.mjs.)
import { isInitialised } from './index.js';
import { registeredKernels } from './registry.js';

if (!isInitialised()) {
  throw new Error(
    "descent-ml/descent.wasm: this runtime refused to compile the kernels embedded in 'descent-ml', and without the " +
      "'workerd' export condition this import is those same kernels; bundle with --conditions=workerd (wrangler does " +
      'by itself) so that it is the .wasm file, which the runtime compiles, and pass it to d.init(kernels)',
  );
}
const kernels: WebAssembly.Module = registeredKernels('descent-ml/descent.wasm');
export default kernels;
