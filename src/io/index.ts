// d.io: byte formats — safetensors (tensors) and SHA-256 — and checkpoints built on them.
export { saveTensors, loadTensors } from './checkpoint.js';
export { encodeSafetensors, decodeSafetensors } from './safetensors.js';
export type { RawTensor, SafetensorsContents } from './safetensors.js';
export { sha256, sha256Hex } from './sha256.js';
