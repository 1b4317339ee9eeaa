// The kernels embedded in the default entry: decoded from base64 text and compiled by
// top-level await, so `import * as d from 'descent-ml'` is ready when the import resolves.
// Also the default (non-workerd) target of `descent-ml/descent.wasm`, so a worker written for
// workerd (`import kernels from 'descent-ml/descent.wasm'; d.init(kernels)`) runs unchanged in
// Node, Deno, Bun and browsers, where init is a no-op.
import { initEngine, kernelModule } from './backend/index.js';
import { KERNELS_WASM_BASE64 } from './generated/kernels.js';
import { decodeBase64 } from './base64.js';

/** Explains a runtime that forbids compiling Wasm from bytes, and what to do instead. */
export const REFUSED_BYTES_HELP =
  "descent-ml: this runtime refuses to compile WebAssembly from bytes, which the default entry does. Use the workerd " +
  "entry instead: bundle with the 'workerd' export condition (wrangler does this by itself; with esbuild, " +
  "--conditions=workerd and the .wasm import kept external), import kernels from 'descent-ml/descent.wasm' (the " +
  "runtime hands it over as a compiled WebAssembly.Module) and call d.init(kernels) once at the top of the worker. " +
  "'descent-ml/workerd' is the same entry by name. See the README, 'Cloudflare Workers / workerd'.";

async function startKernels(): Promise<WebAssembly.Module> {
  try {
    // From the bytes (not a module compiled here): a thread pool recompiles them for shared memory.
    await initEngine(decodeBase64(KERNELS_WASM_BASE64) as BufferSource);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // V8 embedders (workerd, a page whose CSP lacks 'wasm-unsafe-eval') say "Wasm code
    // generation disallowed by embedder"; other engines say it their way.
    if (/disallow|not allowed|code generation|unsafe-eval|content security/i.test(message)) {
      throw new Error(`${REFUSED_BYTES_HELP} (The runtime said: ${message}.)`, { cause: e });
    }
    throw e;
  }
  return kernelModule() as WebAssembly.Module;
}

/** The compiled kernels the default entry runs on. */
export const kernels: WebAssembly.Module = await startKernels();
