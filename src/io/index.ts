// d.io: byte formats — safetensors (tensors) and SHA-256 — and checkpoints built on them.
// Declared here (src/signature.ts).
import { declare } from '../signature.js';
import * as checkpoint from './checkpoint.js';
import * as safetensors from './safetensors.js';
import * as hash from './sha256.js';

export type { RawTensor, SafetensorsContents } from './safetensors.js';

export const saveTensors = declare('saveTensors(tensors, metadata)', checkpoint.saveTensors);
export const loadTensors = declare('loadTensors(bytes)', checkpoint.loadTensors);
export const encodeSafetensors = declare('encodeSafetensors(tensors, metadata)', safetensors.encodeSafetensors);
export const decodeSafetensors = declare('decodeSafetensors(bytes)', safetensors.decodeSafetensors);
export const sha256 = declare('sha256(bytes)', hash.sha256);
export const sha256Hex = declare('sha256Hex(bytes)', hash.sha256Hex);
