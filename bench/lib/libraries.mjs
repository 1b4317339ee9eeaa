// The three contestants, loaded into one process: descent (this package's dist/), and
// TensorFlow.js 4.22 on its wasm backend (XNNPACK, SIMD; .wasm files from the npm package, no
// download) and on its plain JavaScript cpu backend.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);

export const LIBRARIES = ['descent', 'tfjs-wasm', 'tfjs-cpu'];

/** The directory holding tfjs-backend-wasm's .wasm files, with a trailing slash. */
export function tfjsWasmDir() {
  return `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`;
}

export async function loadDescent() {
  return import('descent-ml'); // the package entry, as users import it
}

/**
 * TF.js with both backends registered; use(name) switches between them. The union package
 * (@tensorflow/tfjs) is loaded because its Node build is the one that registers the gradients.
 */
export async function loadTfjs() {
  const tf = await import('@tensorflow/tfjs');
  tf.env().set('PROD', true); // only silences TF.js's console advice (use tfjs-node)
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(tfjsWasmDir());
  const use = async (library) => {
    const backend = library === 'tfjs-wasm' ? 'wasm' : 'cpu';
    if (tf.getBackend() !== backend) {
      const ok = await tf.setBackend(backend);
      if (!ok) throw new Error(`TF.js could not start its ${backend} backend`);
    }
    await tf.ready();
  };
  await use('tfjs-wasm');
  const info = {
    version: tf.version_core,
    wasmSimd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    wasmThreads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  };
  return { tf, use, info };
}

/** Deterministic floats in [-1, 1) for inputs (xorshift32; the same data for every library). */
export function inputData(n, seed = 1) {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = (s / 4294967296) * 2 - 1;
  }
  return out;
}
