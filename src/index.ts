// The default entry: the kernels are embedded as base64 and instantiated by top-level await,
// so `import * as d from 'descent'` is ready when the import resolves.
import { initEngine } from './engine.js';
import { KERNELS_WASM_BASE64 } from './generated/kernels.js';

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

await initEngine(decodeBase64(KERNELS_WASM_BASE64));

export * from './api.js';
