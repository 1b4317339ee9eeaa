// Base64 text to bytes, for what the package embeds as text: the kernels (src/embedded.ts) and
// the dataset tables (src/datasets/table.ts). Decoded natively where the runtime can
// (`Uint8Array.fromBase64`: Deno, Bun, Chromium, recent Node; Node's `Buffer` otherwise): the
// kernels are ~165 KB of text, and the portable loop below costs ~3 ms of cold start there,
// native decoding ~0.3 ms. Every path gives the same bytes.
type FromBase64 = (text: string) => Uint8Array;
type NodeBuffer = { from(text: string, encoding: 'base64'): Uint8Array };

export function decodeBase64(text: string): Uint8Array {
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: FromBase64 }).fromBase64;
  if (typeof fromBase64 === 'function') return fromBase64(text);
  const buffer = (globalThis as { Buffer?: NodeBuffer }).Buffer;
  if (buffer !== undefined && typeof buffer.from === 'function') {
    const b = buffer.from(text, 'base64');
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  }
  // `atob` exists in every runtime descent supports.
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
