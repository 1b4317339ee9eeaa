// The default entry: the kernels are embedded (src/embedded.ts) and ready when the import
// resolves, so `import * as d from 'descent-ml'` needs no set-up call. It exports the same
// `init` as the workerd entry, a no-op here, so one worker file runs in every runtime.
import { declare } from './signature.js';
import { kernels } from './embedded.js';
import { registerEngine } from './registry.js';
import * as api from './api.js';

// Only the package's bundles register (tools/bundle.mjs defines __DESCENT_ML_BUNDLE__): they are
// what the bundled dataset and plot files look for. The unbundled tree's datasets use their
// own sibling engine (src/local-engine.ts).
declare const __DESCENT_ML_BUNDLE__: boolean | undefined;
if (typeof __DESCENT_ML_BUNDLE__ !== 'undefined') registerEngine(api, kernels);

/**
 * A no-op in this entry (the kernels are embedded and already running), so that a worker
 * written for workerd — `import kernels from 'descent-ml/descent.wasm'; d.init(kernels)` —
 * runs unchanged in Node, Deno, Bun and browsers. Takes the same argument as the workerd
 * entry's `init`, and refuses anything that is not a `WebAssembly.Module`.
 */
function initEntry(module?: WebAssembly.Module): void {
  if (module !== undefined && !(module instanceof WebAssembly.Module)) {
    throw new TypeError(
      'init: kernels must be a WebAssembly.Module (import it from "descent-ml/descent.wasm"), got ' +
        (module === null ? 'null' : typeof module) +
        "; this entry's kernels are embedded, so init() needs no argument here",
    );
  }
}

/** True: the default entry's kernels are ready when the import resolves. */
function isInitialisedEntry(): boolean {
  return true;
}

export * from './api.js';

// Declared (src/signature.ts) like the rest of the surface: an extra argument is refused.
export const init = declare('init(module)', initEntry);
export const isInitialised = declare('isInitialised()', isInitialisedEntry);
