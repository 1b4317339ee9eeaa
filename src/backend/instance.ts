// Loads the kernel module through @assemblyscript/loader (the kernel toolchain's own loader)
// and holds its exports, typed by src/generated/kernels-api.ts. Private to src/backend/.
//
// The loader instantiates the module and reads AssemblyScript strings, so a kernel that aborts
// (an assertion in the debug build, `npm run asbuild:debug`) reaches the user as an Error with
// the kernel's message, file and line. Kernels are called through the raw exports rather than
// the loader's demangled wrappers, which add an argument-count shim to every call.
import { instantiateSync, type ASUtil } from '@assemblyscript/loader';
import { KERNEL_ARITY, type KernelExports } from '../generated/kernels-api.js';
import { adoptMemory } from './memory.js';

/** The kernels, typed; set once the module is instantiated. */
export let K: KernelExports = null as unknown as KernelExports;

let strings: ASUtil | null = null;

function kernelImports() {
  return {
    env: {
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
  initEngineSync(source instanceof WebAssembly.Module ? source : await WebAssembly.compile(source));
}

/**
 * Instantiates the kernels synchronously from a precompiled module: for runtimes such as
 * workerd that refuse to compile Wasm from bytes but hand out `WebAssembly.Module`s.
 */
export function initEngineSync(module: WebAssembly.Module): void {
  const loaded = instantiateSync<Record<string, unknown>>(module, kernelImports());
  adopt(loaded.instance, loaded.exports);
}

function adopt(instance: WebAssembly.Instance, util: ASUtil): void {
  const raw = instance.exports as unknown as Record<string, unknown>;
  for (const [name, arity] of Object.entries(KERNEL_ARITY)) {
    const fn = raw[name];
    if (typeof fn !== 'function' || fn.length !== arity) {
      throw new Error(`descent: the kernel module does not match this build: ${name} should take ${arity} arguments`);
    }
  }
  strings = util;
  K = raw as unknown as KernelExports;
  adoptMemory(instance.exports.memory as WebAssembly.Memory, K.heapBase());
}
