// Instantiates the kernel module and holds its exports, typed by src/generated/kernels-api.ts.
// Private to src/backend/.
//
// Plain WebAssembly.instantiate rather than @assemblyscript/loader: the loader measurably cost
// cold start (about 2 ms of CPU time of 37, medians of 61 fresh Node processes; README) and
// its only service here, reading an AssemblyScript string, is the few lines of readString.
// So a kernel that aborts (an assertion in the debug build, `npm run asbuild:debug`) reaches
// the user as an Error with the kernel's message, file and line.
import { KERNEL_ARITY, type KernelExports } from '../generated/kernels-api.js';
import { adoptMemory } from './memory.js';

/** The kernels, typed; set once the module is instantiated. */
export let K: KernelExports = null as unknown as KernelExports;

let kernelMemory: WebAssembly.Memory | null = null;

/** An AssemblyScript string in kernel memory: UTF-16 code units, their byte length in the word before. */
function readString(ptr: number): string {
  if (kernelMemory === null || ptr === 0) return '?';
  const bytes = new Uint32Array(kernelMemory.buffer, ptr - 4, 1)[0];
  return String.fromCharCode(...new Uint16Array(kernelMemory.buffer, ptr, bytes >>> 1));
}

const kernelImports = {
  env: {
    abort(message: number, file: number, line: number, column: number): never {
      throw new Error(`descent: kernel aborted: ${readString(message)} (${readString(file)}:${line}:${column})`);
    },
  },
};

/** Instantiates the kernels from bytes or a precompiled module. */
export async function initEngine(source: BufferSource | WebAssembly.Module): Promise<void> {
  const module = source instanceof WebAssembly.Module ? source : await WebAssembly.compile(source);
  adopt(await WebAssembly.instantiate(module, kernelImports));
}

/**
 * Instantiates the kernels synchronously from a precompiled module: for runtimes such as
 * workerd that refuse to compile Wasm from bytes but hand out `WebAssembly.Module`s.
 */
export function initEngineSync(module: WebAssembly.Module): void {
  adopt(new WebAssembly.Instance(module, kernelImports));
}

function adopt(instance: WebAssembly.Instance): void {
  const raw = instance.exports as unknown as Record<string, unknown>;
  for (const [name, arity] of Object.entries(KERNEL_ARITY)) {
    const fn = raw[name];
    if (typeof fn !== 'function' || fn.length !== arity) {
      throw new Error(`descent: the kernel module does not match this build: ${name} should take ${arity} arguments`);
    }
  }
  K = raw as unknown as KernelExports;
  kernelMemory = instance.exports.memory as WebAssembly.Memory;
  adoptMemory(kernelMemory, K.heapBase());
}
