// Loads the kernel module through @assemblyscript/loader (the kernel toolchain's own loader)
// and holds its exports, typed by src/generated/kernels-api.ts. Private to src/backend/.
//
// The loader instantiates the module and reads AssemblyScript strings, so a kernel that aborts
// (an assertion in the debug build, `npm run asbuild:debug`) reaches the user as an Error with
// the kernel's message, file and line. Kernels are called through the raw exports rather than
// the loader's demangled wrappers, which add an argument-count shim to every call.
import { instantiateSync, type ASUtil } from '@assemblyscript/loader';
import { KERNEL_ARITY, type KernelExports } from '../generated/kernels-api.js';
import { adoptMemory, kernelMemory, swapMemory } from './memory.js';
import { rebindKernels } from './threads.js';

/** The kernels, typed; set once the module is instantiated. */
export let K: KernelExports = null as unknown as KernelExports;

let strings: ASUtil | null = null;

// The module imports its memory (asconfig.json: importMemory), so that the same bytes run on a
// plain memory (by default, and in runtimes that cannot share memory) and, with one flag byte of
// the import changed, on a shared memory that a thread pool's workers use too (threads.ts).
const INITIAL_PAGES = 16;
const MAX_PAGES = 65536;

/** The module's bytes, when it was given as bytes: a thread pool recompiles them for shared memory. */
let moduleBytes: Uint8Array | null = null;
let shared = false;
/** The module's bytes with its memory import marked shared, once shareMemory() has run: what workers compile. */
let sharedBytes: Uint8Array | null = null;

export function sharedKernelBytes(): Uint8Array | null {
  return sharedBytes;
}

export function kernelModuleBytes(): Uint8Array | null {
  return moduleBytes;
}

function kernelImports(memory: WebAssembly.Memory) {
  return {
    env: {
      memory,
      abort(message: number, file: number, line: number, column: number): never {
        const read = (ptr: number) => (strings !== null && ptr !== 0 ? strings.__getString(ptr) : '?');
        throw new Error(`descent: kernel aborted: ${read(message)} (${read(file)}:${line}:${column})`);
      },
    },
  };
}

/**
 * Instantiates the kernels from bytes or a precompiled module. Compiles here and instantiates
 * with the loader's instantiateSync: its async `instantiate` looks up the global `Response`,
 * which makes Node load its fetch implementation, about 80 ms of a ~100 ms cold start.
 */
export async function initEngine(source: BufferSource | WebAssembly.Module): Promise<void> {
  if (source instanceof WebAssembly.Module) {
    initEngineSync(source);
    return;
  }
  const bytes = ArrayBuffer.isView(source)
    ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength)
    : new Uint8Array(source as ArrayBuffer);
  initEngineSync(await WebAssembly.compile(bytes));
  moduleBytes = bytes;
}

/**
 * Instantiates the kernels synchronously from a precompiled module: for runtimes such as
 * workerd that refuse to compile Wasm from bytes but hand out `WebAssembly.Module`s.
 */
export function initEngineSync(module: WebAssembly.Module): void {
  const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES });
  const loaded = instantiateSync<Record<string, unknown>>(module, kernelImports(memory));
  moduleBytes = null;
  shared = false;
  adopt(loaded.instance, loaded.exports, memory);
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
  const old = kernelMemory();
  const memory = new WebAssembly.Memory({ initial: old.buffer.byteLength / 65536, maximum: MAX_PAGES, shared: true });
  new Uint8Array(memory.buffer).set(new Uint8Array(old.buffer));
  const loaded = instantiateSync<Record<string, unknown>>(module, kernelImports(memory));
  checkArity(loaded.instance);
  strings = loaded.exports;
  K = loaded.instance.exports as unknown as KernelExports;
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

function checkArity(instance: WebAssembly.Instance): void {
  const raw = instance.exports as unknown as Record<string, unknown>;
  for (const [name, arity] of Object.entries(KERNEL_ARITY)) {
    const fn = raw[name];
    if (typeof fn !== 'function' || fn.length !== arity) {
      throw new Error(`descent: the kernel module does not match this build: ${name} should take ${arity} arguments`);
    }
  }
}

function adopt(instance: WebAssembly.Instance, util: ASUtil, memory: WebAssembly.Memory): void {
  checkArity(instance);
  strings = util;
  K = instance.exports as unknown as KernelExports;
  adoptMemory(memory, K.heapBase());
}
