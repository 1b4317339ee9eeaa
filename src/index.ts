// The default entry: the kernels are embedded as hexadecimal text and instantiated by top-level
// await, so `import * as d from 'descent-ml'` is ready when the import resolves.
import { initEngine } from './backend/index.js';
import { KERNELS_WASM_HEX } from './generated/kernels.js';

function decodeHex(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length >> 1);
  for (let i = 0; i < bytes.length; i++) {
    const hi = text.charCodeAt(2 * i);
    const lo = text.charCodeAt(2 * i + 1);
    // '0'-'9' are 0x30-0x39 and 'a'-'f' 0x61-0x66: the low nibble, plus 9 for a letter.
    bytes[i] = (((hi & 15) + (hi >> 6) * 9) << 4) | ((lo & 15) + (lo >> 6) * 9);
  }
  return bytes;
}

await initEngine(decodeHex(KERNELS_WASM_HEX));

export * from './api.js';
