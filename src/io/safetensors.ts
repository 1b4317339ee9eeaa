// The safetensors format: an 8-byte little-endian header length N, N bytes of JSON describing
// each tensor ({ dtype, shape, data_offsets } into the data that follows) plus an optional
// "__metadata__" map of strings, then the raw little-endian tensor bytes. descent writes F32
// tensors and, in the metadata, a SHA-256 of the whole file — header and data — taken with the
// checksum's own 64 hex digits set to '0' (so any changed byte, offsets and metadata included,
// is caught), and refuses any file whose header, offsets, dtypes or checksum do not hold
// together. Float bits are copied as integers, so NaN payloads (signalling ones too) survive.
import { sha256Hex } from './sha256.js';

export interface RawTensor {
  shape: number[];
  data: Float32Array;
}

export interface SafetensorsContents {
  tensors: Map<string, RawTensor>;
  metadata: Record<string, string>;
}

const CHECKSUM_KEY = 'descent.sha256';
const MAX_HEADER = 100_000_000; // the reference implementation's limit

/** Encodes named float32 tensors (in the order given) and string metadata. */
export function encodeSafetensors(tensors: Iterable<[string, RawTensor]>, metadata: Record<string, string> = {}): Uint8Array {
  const entries = [...tensors];
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, t] of entries) {
    if (name === '__metadata__') throw new Error('safetensors: "__metadata__" cannot name a tensor');
    const bytes = t.data.length * 4;
    const entry = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + bytes] };
    Object.defineProperty(header, name, { value: entry, enumerable: true, writable: true, configurable: true }); // '__proto__' too
    offset += bytes;
  }
  const data = new Uint8Array(offset);
  const view = new DataView(data.buffer);
  let at = 0;
  for (const [, t] of entries) {
    const words = new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length);
    for (let i = 0; i < words.length; i++, at += 4) view.setUint32(at, words[i], true);
  }
  const userMetadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(metadata)) {
    if (k === CHECKSUM_KEY) throw new Error(`safetensors: the metadata key "${CHECKSUM_KEY}" is descent's own`);
    Object.defineProperty(userMetadata, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  header.__metadata__ = { ...userMetadata, [CHECKSUM_KEY]: PLACEHOLDER };
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + utf8Length(json)) % 8)) % 8); // align the data section to 8 bytes
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + data.length);
  const outView = new DataView(out.buffer);
  outView.setUint32(0, headerBytes.length, true);
  outView.setUint32(4, 0, true);
  out.set(headerBytes, 8);
  out.set(data, 8 + headerBytes.length);
  // The checksum of the whole file with the placeholder in place, then written over it.
  const field = checksumField(out.subarray(8, 8 + headerBytes.length), PLACEHOLDER);
  out.set(new TextEncoder().encode(sha256Hex(out)), 8 + field);
  return out;
}

const PLACEHOLDER = '0'.repeat(64);

/** The byte offset (in the header) of the checksum's 64 hex digits; the field must occur once. */
function checksumField(header: Uint8Array, hex: string): number {
  const text = new TextDecoder().decode(header);
  const needle = `"${CHECKSUM_KEY}":"${hex}"`;
  const at = text.indexOf(needle);
  if (at < 0 || text.indexOf(needle, at + 1) >= 0) fail('the checksum field is not in the form descent writes');
  // The header is ASCII up to the field only if no multi-byte character precedes it: count bytes.
  return new TextEncoder().encode(text.slice(0, at + needle.length - 65)).length;
}

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}

function fail(message: string): never {
  throw new Error(`safetensors: ${message}`);
}

/** Decodes and validates a safetensors file. Only F32 tensors are accepted. */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsContents {
  if (!(bytes instanceof Uint8Array)) fail(`expected a Uint8Array, got ${typeof bytes}`);
  if (bytes.length < 8) fail(`file of ${bytes.length} bytes is too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  const headerLength = high * 4294967296 + low;
  if (headerLength > MAX_HEADER || headerLength > bytes.length - 8) {
    fail(`bad header length ${headerLength}: the file has only ${bytes.length - 8} bytes after the length field`);
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (e) {
    fail(`the ${headerLength}-byte header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail('the header is not a JSON object');
  const dataStart = 8 + headerLength;
  const data = bytes.subarray(dataStart);
  const metadata = readMetadata(header.__metadata__);
  const spans: [number, number, string][] = [];
  const tensors = new Map<string, RawTensor>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { shape, begin, end } = readEntry(name, entry, data.length);
    spans.push([begin, end, name]);
    const values = new Float32Array((end - begin) / 4);
    const words = new Uint32Array(values.buffer);
    const dataView = new DataView(data.buffer, data.byteOffset + begin, end - begin);
    for (let i = 0; i < values.length; i++) words[i] = dataView.getUint32(4 * i, true);
    tensors.set(name, { shape, data: values });
  }
  checkCoverage(spans, data.length);
  const expected = metadata[CHECKSUM_KEY];
  if (expected !== undefined) {
    if (!/^[0-9a-f]{64}$/.test(expected)) fail(`the checksum ${JSON.stringify(expected)} is not 64 hex digits`);
    // The whole file, with the checksum's digits back to the placeholder they were taken over.
    const copy = bytes.slice();
    const field = checksumField(copy.subarray(8, dataStart), expected);
    copy.set(new TextEncoder().encode(PLACEHOLDER), 8 + field);
    const actual = sha256Hex(copy);
    if (actual !== expected) fail(`checksum mismatch: the file's SHA-256 is ${actual}, the header says ${expected}`);
  }
  return { tensors, metadata };
}

function readMetadata(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('"__metadata__" must be an object of strings');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') fail(`"__metadata__"."${k}" must be a string, got ${typeof v}`);
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true }); // '__proto__' too
  }
  return out;
}

function readEntry(name: string, entry: unknown, dataLength: number): { shape: number[]; begin: number; end: number } {
  if (entry === null || typeof entry !== 'object') fail(`tensor "${name}": entry is not an object`);
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
  if (dtype !== 'F32') fail(`tensor "${name}": dtype ${JSON.stringify(dtype)} is not supported (descent reads F32)`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    fail(`tensor "${name}": shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0)) {
    fail(`tensor "${name}": data_offsets ${JSON.stringify(offsets)} is not a pair of non-negative integers`);
  }
  const [begin, end] = offsets as number[];
  const count = (shape as number[]).reduce((a, b) => a * b, 1);
  if (begin > end || end > dataLength) {
    fail(`tensor "${name}": bad offsets [${begin}, ${end}] for a data section of ${dataLength} bytes`);
  }
  if (end - begin !== count * 4) {
    fail(`tensor "${name}": offsets [${begin}, ${end}] hold ${end - begin} bytes, shape ${JSON.stringify(shape)} needs ${count * 4}`);
  }
  return { shape: shape as number[], begin, end };
}

/** The tensors' byte ranges must tile the data section exactly: no gaps, no overlaps. */
function checkCoverage(spans: [number, number, string][], dataLength: number): void {
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let at = 0;
  for (const [begin, end, name] of spans) {
    if (begin !== at) fail(`tensor "${name}": offsets [${begin}, ${end}] ${begin < at ? 'overlap another tensor' : `leave a gap at byte ${at}`}`);
    at = end;
  }
  if (at !== dataLength) fail(`the data section has ${dataLength} bytes but the tensors cover ${at}`);
}
