// The entry for runtimes that refuse to compile WebAssembly from bytes, such as Cloudflare's
// workerd ("Wasm code generation disallowed by embedder"). Those runtimes hand a `.wasm`
// import to the worker as an already compiled `WebAssembly.Module`; pass it to `init` once,
// at the top of the worker module, before any tensor is made:
//
//   import kernels from 'descent-ml/descent.wasm';   // a WebAssembly.Module in workerd
//   import * as d from 'descent-ml';                 // resolves here under the `workerd` condition
//   d.init(kernels);
//
// This entry embeds no kernels, so it is also the smallest way to ship descent to a bundler
// that already handles `.wasm` files.
import { engineReady, initEngineSync } from './backend/index.js';
import { registerEngine } from './registry.js';
import * as api from './api.js';

declare const __DESCENT_ML_BUNDLE__: boolean | undefined;

let initialisedWith: WebAssembly.Module | null = null;

/**
 * Instantiates descent's kernels from the precompiled module built from `build/descent.wasm`
 * (exported by the package as `descent-ml/descent.wasm`). Synchronous, so it may run at a
 * worker's top level. Calling it again with the same module does nothing; calling it with a
 * different module after tensors exist throws, since their memory would be lost.
 */
export function init(kernels: WebAssembly.Module): void {
  if (!(kernels instanceof WebAssembly.Module)) {
    throw new TypeError(
      'init: kernels must be a WebAssembly.Module (import it from "descent-ml/descent.wasm"), got ' +
        (kernels === null ? 'null' : typeof kernels) +
        '; runtimes that compile Wasm from bytes can import the default entry instead',
    );
  }
  if (initialisedWith === kernels) return;
  if (engineReady()) throw new Error('init: descent is already initialised with another kernel module');
  initEngineSync(kernels);
  initialisedWith = kernels;
  if (typeof __DESCENT_ML_BUNDLE__ !== 'undefined') registerEngine(api, kernels); // as in index.ts
}

/** True once `init` has run (the default entry is always ready). */
export function isInitialised(): boolean {
  return engineReady();
}

export * from './api.js';
