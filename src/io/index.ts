// Byte formats: safetensors (tensors) and SHA-256.
export { saveTensors, loadTensors } from '../checkpoint.js';
export { encodeSafetensors, decodeSafetensors } from './safetensors.js';
export type { RawTensor, SafetensorsContents } from './safetensors.js';
export { sha256, sha256Hex } from './sha256.js';
