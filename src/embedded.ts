// The kernels embedded in the package's one engine file: decoded from base64 text and compiled
// while the rest of the package is evaluated (WebAssembly.compile runs off the main thread);
// the entry (src/index.ts) awaits `kernelsReady` at its end, so `import * as d from 'descent-ml'`
// is ready when the import resolves. Nothing evaluated before that may call a kernel.
//
// A runtime that refuses to compile WebAssembly from bytes (Cloudflare's workerd: "Wasm code
// generation disallowed by embedder"; a page whose CSP lacks 'wasm-unsafe-eval') does not fail
// the import: the engine stays stopped, `init(kernels)` starts it from the compiled module that
// such runtimes hand out for a `.wasm` import (`descent-ml/descent.wasm` under the `workerd`
// condition), and anything used before that throws REFUSED_BYTES_HELP with the runtime's own
// words. So workerd runs this same file: the engine ships once (docs/ARCHITECTURE.md, "Package").
import { initEngine, kernelModule, setNotReadyReason } from './backend/index.js';
import { KERNELS_WASM_BASE64 } from './generated/kernels.js';
import { decodeBase64 } from './base64.js';

/** Explains a runtime that forbids compiling Wasm from bytes, and what to do instead. */
export const REFUSED_BYTES_HELP =
  "descent-ml: this runtime refuses to compile WebAssembly from bytes, so the kernels embedded in 'descent-ml' are " +
  "not running. Hand them over compiled: import kernels from 'descent-ml/descent.wasm' (bundle with the 'workerd' " +
  "export condition — wrangler does this by itself; with esbuild, --conditions=workerd and the .wasm import kept " +
  'external — and the runtime gives the worker a compiled WebAssembly.Module) and call d.init(kernels) once at the ' +
  "top of the worker, before any tensor is made. See the README, 'Cloudflare Workers / workerd'.";

let refusal: string | null = null;

/** Why the embedded kernels are not running (with the runtime's words), or null when they are. */
export function bytesRefused(): string | null {
  return refusal;
}

async function startKernels(): Promise<WebAssembly.Module | null> {
  try {
    // From the bytes (not a module compiled here): a thread pool recompiles them for shared memory.
    await initEngine(decodeBase64(KERNELS_WASM_BASE64) as BufferSource);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // V8 embedders (workerd, a page whose CSP lacks 'wasm-unsafe-eval') say "Wasm code
    // generation disallowed by embedder"; other engines say it their way. Anything else (a
    // corrupt build, no SIMD) fails the import.
    if (!/disallow|not allowed|code generation|unsafe-eval|content security/i.test(message)) throw e;
    refusal = `${REFUSED_BYTES_HELP} (The runtime said: ${message}.)`;
    setNotReadyReason(refusal);
    return null;
  }
  return kernelModule() as WebAssembly.Module;
}

/** The compiled kernels the engine runs on, or null when the runtime refused to compile them (see init). */
export const kernelsReady: Promise<WebAssembly.Module | null> = startKernels();
