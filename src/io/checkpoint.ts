// Checkpoints: a model's parameters, its optimizer's and scheduler's state and the global
// random generator, as safetensors bytes. Float32 state goes into tensors (bit-exact); the
// rest (hyperparameters, step counts, schedule state) into JSON metadata.
import { Tensor, assertAlive, formatShape, fromFloat32 } from '../tensor.js';
import { writeFloats } from '../backend/index.js';
import { describe } from '../ops/util.js';
import { defaultGenerator } from '../random.js';
import { encodeSafetensors, decodeSafetensors, RawTensor } from './safetensors.js';

interface HasParameters {
  namedParameters(): [string, Tensor][];
}
interface HasState {
  stateDict(): unknown;
  loadStateDict(state: never): void;
}

export interface CheckpointParts {
  model?: HasParameters;
  optimizer?: HasState;
  scheduler?: HasState;
}

export interface SaveOptions extends CheckpointParts {
  /** Any JSON-serialisable data of your own (epoch, notes), returned by load(). */
  metadata?: unknown;
}

const FORMAT = 'descent-checkpoint-1';

function rawOf(t: Tensor): RawTensor {
  return { shape: t.shape.slice(), data: t.toFloat32Array() };
}
const META_KEY = 'descent';
const TENSOR_REF = '$tensor';

/** Moves float32-exact numeric arrays of a JSON value into tensors, leaving references. */
function splitState(value: unknown, path: string, tensors: [string, RawTensor][]): unknown {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => typeof v === 'number' && (Object.is(Math.fround(v), v) || Number.isNaN(v)))) {
      const name = `${path}`;
      tensors.push([name, { shape: [value.length], data: Float32Array.from(value as number[]) }]);
      return { [TENSOR_REF]: name };
    }
    return value.map((v, i) => splitState(v, `${path}.${i}`, tensors));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = splitState(v, `${path}.${k}`, tensors);
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
  return value;
}

function joinState(value: unknown, tensors: Map<string, RawTensor>): unknown {
  if (Array.isArray(value)) return value.map((v) => joinState(v, tensors));
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record[TENSOR_REF] === 'string' && Object.keys(record).length === 1) {
      const t = tensors.get(record[TENSOR_REF] as string);
      if (t === undefined) throw new Error(`load: the checkpoint refers to a missing tensor "${String(record[TENSOR_REF])}"`);
      return Array.from(t.data);
    }
    if (typeof record.$number === 'string' && Object.keys(record).length === 1) return Number(record.$number);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) out[k] = joinState(v, tensors);
    return out;
  }
  return value;
}

const MAX_METADATA_DEPTH = 256;

/**
 * The user's metadata as JSON that round-trips: NaN, ±Infinity and -0 become { $number }, an
 * object that already looks like a tag is wrapped in { $object }; cycles, BigInt, functions and
 * symbols are refused (JSON would drop or misread them).
 */
function encodeUser(value: unknown, depth: number, path: Set<object>): unknown {
  if (depth > MAX_METADATA_DEPTH) throw new RangeError(`save: metadata is nested deeper than ${MAX_METADATA_DEPTH} levels`);
  if (typeof value === 'number') {
    if (Number.isNaN(value) || !Number.isFinite(value) || Object.is(value, -0)) return { $number: Object.is(value, -0) ? '-0' : String(value) };
    return value;
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value !== 'object') throw new TypeError(`save: metadata must be JSON data; it holds a ${typeof value}`);
  if (path.has(value)) throw new TypeError('save: metadata must be JSON data; it holds a cycle');
  path.add(value);
  let out: unknown;
  if (Array.isArray(value)) {
    out = Array.from(value, (v) => encodeUser(v, depth + 1, path));
  } else {
    if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
      throw new TypeError(`save: metadata must be JSON data (plain objects, arrays, numbers, strings, booleans, null); it holds a ${(value as object).constructor?.name ?? 'object'}`);
    }
    const obj: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(obj, k, { value: encodeUser(v, depth + 1, path), enumerable: true, writable: true, configurable: true });
    const keys = Object.keys(obj);
    out = keys.length === 1 && (keys[0] === '$number' || keys[0] === '$object' || keys[0] === TENSOR_REF) ? { $object: obj } : obj;
  }
  path.delete(value);
  return out;
}

function decodeUser(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeUser);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === '$number') {
    const n = ({ NaN, Infinity, '-Infinity': -Infinity, '-0': -0 } as Record<string, number>)[String(record.$number)];
    if (n === undefined) throw new Error(`load: the checkpoint metadata holds a bad number tag ${JSON.stringify(record.$number)}`);
    return n;
  }
  const inner = keys.length === 1 && keys[0] === '$object' && record.$object !== null && typeof record.$object === 'object' ? record.$object as Record<string, unknown> : record;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(inner)) Object.defineProperty(out, k, { value: decodeUser(v), enumerable: true, writable: true, configurable: true });
  return out;
}

/** The generator state of a checkpoint: four unsigned 32-bit words, not all zero. */
function checkGenerator(words: unknown): number[] {
  if (!Array.isArray(words) || words.length !== 4 || !words.every((w) => typeof w === 'number' && Number.isInteger(w) && w >= 0 && w < 4294967296) ||
    words.every((w) => w === 0)) {
    throw new Error('load: the checkpoint\'s generator state is not four unsigned 32-bit words (not all zero)');
  }
  return words as number[];
}

function checkPart(part: unknown, name: string, method: string): void {
  if (part !== undefined && (part === null || typeof (part as Record<string, unknown>)[method] !== 'function')) {
    throw new TypeError(`save/load: ${name} must have a ${method}() method, got ${part === null ? 'null' : typeof part}`);
  }
}

/** Serialises a model, optimizer and scheduler (any subset) and the global generator to bytes. */
export function save(parts: SaveOptions): Uint8Array {
  if (parts === null || typeof parts !== 'object') throw new TypeError(`save: expected { model?, optimizer?, scheduler?, metadata? }, got ${String(parts)}`);
  checkPart(parts.model, 'model', 'namedParameters');
  checkPart(parts.optimizer, 'optimizer', 'stateDict');
  checkPart(parts.scheduler, 'scheduler', 'stateDict');
  const tensors: [string, RawTensor][] = [];
  const modelNames: string[] = [];
  for (const [name, p] of parts.model?.namedParameters() ?? []) {
    if (!(p instanceof Tensor)) throw new TypeError(`save: model parameter ${name} is not a Tensor of this copy of descent-ml (objects of another engine cannot be mixed in)`);
    tensors.push([`model.${name}`, rawOf(p)]);
    modelNames.push(name);
  }
  const meta = {
    format: FORMAT,
    model: parts.model ? modelNames : null,
    optimizer: parts.optimizer ? splitState(parts.optimizer.stateDict(), 'optimizer', tensors) : null,
    scheduler: parts.scheduler ? splitState(parts.scheduler.stateDict(), 'scheduler', tensors) : null,
    generator: defaultGenerator().getState(),
    user: parts.metadata === undefined ? null : encodeUser(parts.metadata, 0, new Set()),
  };
  return encodeSafetensors(tensors, { [META_KEY]: JSON.stringify(meta) });
}

/**
 * Restores what save() wrote into the given model/optimizer/scheduler and the global generator.
 * Everything is validated before anything changes; returns the user metadata.
 */
export function load(bytes: Uint8Array, parts: CheckpointParts = {}): { metadata: unknown } {
  checkPart(parts.model, 'model', 'namedParameters');
  checkPart(parts.optimizer, 'optimizer', 'loadStateDict');
  checkPart(parts.scheduler, 'scheduler', 'loadStateDict');
  const { tensors, metadata } = decodeSafetensors(bytes);
  if (metadata['descent.sha256'] === undefined) throw new Error('load: the checkpoint has no checksum; every descent checkpoint carries one');
  const raw = metadata[META_KEY];
  if (raw === undefined) throw new Error('load: not a descent checkpoint (no "descent" metadata); use io.loadTensors for plain safetensors');
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(raw);
  } catch {
    throw new Error('load: the checkpoint metadata is not valid JSON');
  }
  if (meta.format !== FORMAT) throw new Error(`load: unknown checkpoint format ${JSON.stringify(meta.format)} (expected ${FORMAT})`);
  const modelWrites = parts.model ? planModel(parts.model, meta, tensors) : [];
  const optimizerState = parts.optimizer ? requirePart(meta, 'optimizer', tensors) : undefined;
  const schedulerState = parts.scheduler ? requirePart(meta, 'scheduler', tensors) : undefined;
  // Every field is checked before anything — model, optimizer, scheduler, generator — changes.
  const generator = checkGenerator(meta.generator);
  const user = decodeUser(meta.user);
  const rollback = parts.optimizer?.stateDict();
  try {
    if (parts.optimizer) parts.optimizer.loadStateDict(optimizerState as never);
    if (parts.scheduler) parts.scheduler.loadStateDict(schedulerState as never);
  } catch (e) {
    if (parts.optimizer) parts.optimizer.loadStateDict(rollback as never);
    throw e;
  }
  defaultGenerator().setState(generator);
  for (const [p, data] of modelWrites) writeFloats(p, data);
  return { metadata: user };
}

function requirePart(meta: Record<string, unknown>, name: string, tensors: Map<string, RawTensor>): unknown {
  if (meta[name] === null || meta[name] === undefined) throw new Error(`load: the checkpoint holds no ${name} state`);
  return joinState(meta[name], tensors);
}

function planModel(model: HasParameters, meta: Record<string, unknown>, tensors: Map<string, RawTensor>): [Tensor, Float32Array][] {
  if (!Array.isArray(meta.model)) throw new Error('load: the checkpoint holds no model parameters');
  const params = model.namedParameters();
  const saved = meta.model as string[];
  const names = params.map(([n]) => n);
  if (saved.length !== names.length || saved.some((n, i) => n !== names[i])) {
    throw new Error(`load: the model's parameters [${names.join(', ')}] differ from the checkpoint's [${saved.join(', ')}]`);
  }
  return params.map(([name, p]) => {
    if (!(p instanceof Tensor)) throw new TypeError(`load: model parameter ${name} is not a Tensor of this copy of descent-ml (objects of another engine cannot be mixed in)`);
    const t = tensors.get(`model.${name}`) as RawTensor;
    if (t.shape.join() !== p.shape.join()) {
      throw new Error(`load: parameter ${name} has shape ${formatShape(p.shape)}, the checkpoint has ${formatShape(t.shape)}`);
    }
    assertAlive(p, 'load'); // before anything changes
    return [p, t.data];
  });
}

/** Writes named tensors (and string metadata) as safetensors bytes. */
export function saveTensors(named: Record<string, Tensor> | [string, Tensor][], metadata: Record<string, string> = {}): Uint8Array {
  if (named === null || typeof named !== 'object') throw new TypeError(`saveTensors: tensors must be an object or [name, tensor] pairs, got ${String(named)}`);
  const entries = Array.isArray(named) ? named : Object.entries(named);
  if (!Array.isArray(named) && Object.getPrototypeOf(named) instanceof Tensor) {
    throw new TypeError('saveTensors: tensors has a Tensor as its prototype ({ __proto__: t } sets the prototype); name it with a string key');
  }
  return encodeSafetensors(
    entries.map(([n, t]) => {
      if (!(t instanceof Tensor)) throw new TypeError(`saveTensors: "${n}" must be a Tensor, got ${describe(t)}`);
      return [n, rawOf(t)];
    }),
    metadata,
  );
}

/** Reads safetensors bytes (from any writer) into new tensors. */
export function loadTensors(bytes: Uint8Array): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const out: Record<string, Tensor> = {};
  for (const [name, t] of tensors) {
    // defineProperty: a tensor named '__proto__' is an own entry, as saveTensors wrote it.
    Object.defineProperty(out, name, { value: fromFloat32(t.data, t.shape), enumerable: true, writable: true, configurable: true });
  }
  return { tensors: out, metadata };
}

