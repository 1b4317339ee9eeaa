// Base64 text to bytes, for what the package embeds as text: the kernels (src/embedded.ts) and
// the dataset tables (src/datasets/table.ts). `atob` exists in every runtime descent supports.
export function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
