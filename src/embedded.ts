// The kernels embedded in the default entry: decoded from base64 text and compiled by
// top-level await, so `import * as d from 'descent-ml'` is ready when the import resolves.
// Also the default (non-workerd) target of `descent-ml/descent.wasm`, so a worker written for
// workerd (`import kernels from 'descent-ml/descent.wasm'; d.init(kernels)`) runs unchanged in
// Node, Deno, Bun and browsers, where init is a no-op.
import { initEngine, kernelModule } from './backend/index.js';
import { KERNELS_WASM_BASE64 } from './generated/kernels.js';

/** The 6-bit value of each base64 character code ('A'-'Z', 'a'-'z', '0'-'9', '+', '/'). */
const BASE64_VALUES = new Uint8Array(128);
for (let i = 0; i < 64; i++) {
  BASE64_VALUES['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;
}

function decodeBase64(text: string): Uint8Array {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let out = 0;
  for (let i = 0; i < text.length; i += 4) {
    const word =
      (BASE64_VALUES[text.charCodeAt(i)] << 18) | (BASE64_VALUES[text.charCodeAt(i + 1)] << 12) |
      (BASE64_VALUES[text.charCodeAt(i + 2)] << 6) | BASE64_VALUES[text.charCodeAt(i + 3)];
    if (out < bytes.length) bytes[out++] = word >>> 16;
    if (out < bytes.length) bytes[out++] = (word >>> 8) & 255;
    if (out < bytes.length) bytes[out++] = word & 255;
  }
  return bytes;
}

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
