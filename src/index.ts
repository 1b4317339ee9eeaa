// The package's one entry, in every runtime (bundled into dist/descent.min.js by
// tools/bundle.mjs). The kernels are embedded (src/embedded.ts) and ready when the import
// resolves, so `import * as d from 'descent-ml'` needs no set-up call. In a runtime that refuses
// to compile WebAssembly from bytes (workerd), the engine waits for `init(kernels)` with the
// compiled module the runtime hands out for `descent-ml/descent.wasm`; elsewhere that call is
// a no-op, so one worker file runs in every runtime.
import { declare } from './signature.js';
import { bytesRefused, kernelsReady } from './embedded.js';
import { engineReady, initEngineSync } from './backend/index.js';
import { registerCopy, registerKernels } from './registry.js';
import * as api from './api.js';

// Every evaluation registers in the realm-wide registry (src/registry.ts), so that objects of
// another copy are refused with a message that says so. Only the package's bundles
// (tools/bundle.mjs defines __DESCENT_ML_BUNDLE__) serve the bundled dataset and plot files;
// the unbundled tree's datasets use their own sibling engine (src/local-engine.ts).
declare const __DESCENT_ML_BUNDLE__: boolean | undefined;
registerCopy(api, typeof __DESCENT_ML_BUNDLE__ !== 'undefined');

/** The module init() started the engine from, when the embedded kernels were refused. */
let initialisedWith: WebAssembly.Module | null = null;

/**
 * Starts the kernels from a precompiled `WebAssembly.Module` (`import kernels from
 * 'descent-ml/descent.wasm'`) where the runtime refused to compile the embedded ones (workerd).
 * Synchronous, so it may run at a worker's top level. Where the embedded kernels run (Node,
 * Deno, Bun, browsers) it is a no-op. Calling it again with the same module does nothing;
 * with a different one after it started the engine, it throws (live tensors would be lost).
 */
function initEntry(module?: WebAssembly.Module): void {
  if (module !== undefined && !(module instanceof WebAssembly.Module)) {
    throw new TypeError(
      'init: kernels must be a WebAssembly.Module (import it from "descent-ml/descent.wasm"), got ' +
        (module === null ? 'null' : typeof module) +
        '; where the runtime compiles the embedded kernels itself, init() needs no argument',
    );
  }
  if (engineReady()) {
    if (module === undefined || initialisedWith === null || initialisedWith === module) return;
    throw new Error('init: descent is already initialised with another kernel module');
  }
  if (module === undefined) throw new Error(`init: ${bytesRefused() ?? 'the kernels are not running'}`);
  initEngineSync(module);
  initialisedWith = module;
  registerKernels(api, module);
}

/** True once the kernels run: at import, or after init(kernels) where the runtime refused the embedded ones. */
function isInitialisedEntry(): boolean {
  return engineReady();
}

export * from './api.js';

// Declared (src/signature.ts) like the rest of the surface: an extra argument is refused.
export const init = declare('init(module)', initEntry);
export const isInitialised = declare('isInitialised()', isInitialisedEntry);

// Last: the kernels compiled while everything above was evaluated (src/embedded.ts).
const kernels = await kernelsReady;
if (kernels !== null) registerKernels(api, kernels);
