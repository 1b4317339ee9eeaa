// Instantiates the kernel module and holds its exports, typed by src/generated/kernels-api.ts.
// Private to src/backend/.
//
// Plain WebAssembly.instantiate rather than @assemblyscript/loader: the loader measurably cost
// cold start (about 2 ms of CPU time of 37, medians of 61 fresh Node processes; README) and
// its only service here, reading an AssemblyScript string, is the few lines of readString.
// So a kernel that aborts (an assertion in the debug build, `npm run asbuild:debug`) reaches
// the user as an Error with the kernel's message, file and line.
//
// The module imports its memory (asconfig.json: importMemory), so that the same bytes run on a
// plain memory (by default, and in runtimes that cannot share memory) and, with one flag byte of
// the import changed, on a shared memory that a thread pool's workers use too (threads.ts).
import { KERNEL_ARITY, type KernelExports } from '../generated/kernels-api.js';
import { adoptMemory, swapMemory } from './memory.js';
import { rebindKernels } from './threads.js';

/** The kernels, typed; set once the module is instantiated. */
export let K: KernelExports = null as unknown as KernelExports;

const INITIAL_PAGES = 16;
const MAX_PAGES = 65536;

let currentMemory: WebAssembly.Memory | null = null;
/** The module's bytes, when it was given as bytes: a thread pool recompiles them for shared memory. */
let moduleBytes: Uint8Array | null = null;
let shared = false;
/** The module's bytes with its memory import marked shared, once shareMemory() has run: what workers compile. */
let sharedBytes: Uint8Array | null = null;

export function kernelModuleBytes(): Uint8Array | null {
  return moduleBytes;
}

/** The compiled kernel module the engine runs on (what `descent-ml/descent.wasm` gives outside workerd). */
let compiledModule: WebAssembly.Module | null = null;

export function kernelModule(): WebAssembly.Module | null {
  return compiledModule;
}

export function sharedKernelBytes(): Uint8Array | null {
  return sharedBytes;
}

/** An AssemblyScript string in kernel memory: UTF-16 code units, their byte length in the word before. */
function readString(ptr: number): string {
  if (currentMemory === null || ptr === 0) return '?';
  const bytes = new Uint32Array(currentMemory.buffer, ptr - 4, 1)[0];
  return String.fromCharCode(...new Uint16Array(currentMemory.buffer, ptr, bytes >>> 1));
}

function kernelImports(memory: WebAssembly.Memory) {
  return {
    env: {
      memory,
      abort(message: number, file: number, line: number, column: number): never {
        throw new Error(`descent: kernel aborted: ${readString(message)} (${readString(file)}:${line}:${column})`);
      },
    },
  };
}

/** Instantiates the kernels from bytes or a precompiled module. */
export async function initEngine(source: BufferSource | WebAssembly.Module): Promise<void> {
  // One engine per evaluation of this module: evaluating an entry again (a cache-busting
  // import, hot module reload, a second init() call) must not replace the memory that live
  // tensors point into, so a second initialisation keeps the engine it has.
  if (K !== null) return;
  if (source instanceof WebAssembly.Module) {
    initEngineSync(source);
    return;
  }
  const bytes = ArrayBuffer.isView(source)
    ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength)
    : new Uint8Array(source as ArrayBuffer);
  const memory = newMemory();
  const module = await WebAssembly.compile(bytes);
  adopt(await WebAssembly.instantiate(module, kernelImports(memory)), memory);
  moduleBytes = bytes;
  compiledModule = module;
}

/**
 * Instantiates the kernels synchronously from a precompiled module: for runtimes such as
 * workerd that refuse to compile Wasm from bytes but hand out `WebAssembly.Module`s.
 */
export function initEngineSync(module: WebAssembly.Module): void {
  if (K !== null) return; // one engine (see initEngine)
  const memory = newMemory();
  adopt(new WebAssembly.Instance(module, kernelImports(memory)), memory);
  moduleBytes = null;
  compiledModule = module;
}

function newMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES });
}

function checkArity(instance: WebAssembly.Instance): void {
  const raw = instance.exports as unknown as Record<string, unknown>;
  for (const [name, arity] of Object.entries(KERNEL_ARITY)) {
    const fn = raw[name];
    if (typeof fn !== 'function' || fn.length !== arity) {
      throw new Error(`descent: the kernel module does not match this build: ${name} should take ${arity} arguments`);
    }
  }
}

function adopt(instance: WebAssembly.Instance, memory: WebAssembly.Memory): void {
  checkArity(instance);
  K = instance.exports as unknown as KernelExports;
  currentMemory = memory;
  shared = false;
  sharedBytes = null;
  adoptMemory(memory, K.heapBase());
}

/**
 * Moves the kernels onto a shared memory (once): recompiles the module with its memory import
 * marked shared, copies the heap into a shared memory of the same size and re-instantiates the
 * kernels on it. Pointers stay valid; the old memory is dropped.
 */
export async function shareMemory(): Promise<void> {
  if (shared) return;
  if (moduleBytes === null) throw new Error('the kernels were initialised from a precompiled module');
  const bytes = sharedImportVariant(moduleBytes);
  const module = await WebAssembly.compile(bytes);
  const old = currentMemory as WebAssembly.Memory;
  const memory = new WebAssembly.Memory({ initial: old.buffer.byteLength / 65536, maximum: MAX_PAGES, shared: true });
  new Uint8Array(memory.buffer).set(new Uint8Array(old.buffer));
  const instance = new WebAssembly.Instance(module, kernelImports(memory));
  checkArity(instance);
  K = instance.exports as unknown as KernelExports;
  currentMemory = memory;
  swapMemory(memory);
  shared = true;
  sharedBytes = bytes;
  rebindKernels();
}

/**
 * A copy of the module's bytes whose memory import is shared: the limits flag of the import
 * (0x01: minimum and maximum) becomes 0x03 (shared, minimum and maximum). The kernels use no
 * atomics; sharing only lets workers instantiate the same kernels over the same memory.
 */
function sharedImportVariant(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes);
  let at = 8; // magic and version
  const leb = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = out[at++];
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
  };
  while (at < out.length) {
    const id = out[at++];
    const size = leb();
    const end = at + size;
    if (id === 2) {
      const count = leb();
      for (let i = 0; i < count; i++) {
        const moduleName = leb();
        at += moduleName;
        const fieldName = leb();
        at += fieldName;
        const kind = out[at++];
        if (kind === 0) leb(); // function: type index
        else if (kind === 1) { at++; const flag = out[at++]; leb(); if (flag & 1) leb(); } // table
        else if (kind === 3) at += 2; // global: type, mutability
        else if (kind === 2) {
          if (out[at] !== 0x01) throw new Error(`unexpected memory import limits flag ${out[at]}`);
          out[at] = 0x03;
          return out;
        } else throw new Error(`unexpected import kind ${kind}`);
      }
    }
    at = end;
  }
  throw new Error('the kernel module imports no memory');
}

