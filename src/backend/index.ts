// The one seam between TypeScript and the kernels. Everything outside src/backend/ imports
// from here and nowhere else in backend/: typed functions over tensors (anything with `ptr`
// and `size`, see Block) and over engine-owned handles, the op codes generated from
// assembly/opcodes.ts, and the engine's life cycle. Raw memory (views, scratch, alloc tables)
// and the kernel exports themselves stay inside src/backend/.
//
// Adding a kernel: write it in assembly/, export it from assembly/index.ts, `npm run build`
// (its typed signature appears in src/generated/kernels-api.ts as K.name), then add a typed
// function to the family file here that calls it, e.g. in elementwise.ts:
//
//   export function myKernel(x: Block, out: Block): void {
//     if (out.size > 0) K.myKernel(x.ptr, out.ptr, out.size);
//   }
export * from '../generated/opcodes.js';
export { initEngine, initEngineSync, kernelModule } from './instance.js';
export { engineReady, engineMemory, setNotReadyReason, type EngineMemory } from './memory.js';
export { setNumThreads, numThreads } from './threads.js';
export * from './data.js';
export * from './elementwise.js';
export * from './reduce.js';
export * from './vocabulary.js';
export * from './linalg.js';
export * from './random.js';
export * from './optim.js';
export * from './losses.js';
export * from './layers.js';
export * from './recurrent.js';
