// Browser bundle sizes, minified and gzipped (level 9). descent: `npm run bundle`'s
// dist/descent.min.js when the package has that script, else the same esbuild settings here;
// its Wasm is embedded, so the one file is all a browser loads. TF.js: tfjs-core with the wasm
// backend, plus the SIMD .wasm file the browser fetches beside it.
import { readFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tfjsWasmDir } from './lib/libraries.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

async function esbuild(options) {
  const { build } = await import('esbuild');
  const result = await build({ bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent', ...options });
  return result.outputFiles[0].contents;
}

async function descentBundle() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  if (pkg.scripts?.bundle) {
    const run = spawnSync('npm', ['run', '--silent', 'bundle'], { cwd: root, encoding: 'utf8' });
    const file = join(root, 'dist/descent.min.js');
    if (run.status === 0 && existsSync(file)) return { bytes: readFileSync(file), how: 'npm run bundle (dist/descent.min.js)' };
  }
  return { bytes: await esbuild({ entryPoints: [join(root, 'dist/index.js')] }), how: 'esbuild in bench/bundle.mjs (dist/index.js)' };
}

async function tfjsBundle() {
  const dir = join(root, 'build');
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, 'tfjs-wasm-entry.mjs');
  writeFileSync(entry, "export * from '@tensorflow/tfjs-core';\nexport { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';\n");
  const js = await esbuild({
    entryPoints: [entry],
    nodePaths: [join(root, 'node_modules')],
    external: ['fs', 'path', 'os', 'crypto', 'worker_threads', 'perf_hooks', 'util'],
  });
  const wasm = readFileSync(join(tfjsWasmDir(), 'tfjs-backend-wasm-simd.wasm'));
  return { js, wasm };
}

/** Sizes in bytes: { descent: {minified, gzip, how}, tfjsWasm: {jsGzip, wasmGzip, gzip} }. */
export async function bundleSizes() {
  const descent = await descentBundle();
  const tf = await tfjsBundle();
  return {
    descent: { minified: descent.bytes.length, gzip: gz(descent.bytes), how: descent.how },
    tfjsWasm: {
      jsMinified: tf.js.length,
      jsGzip: gz(tf.js),
      wasmGzip: gz(tf.wasm),
      gzip: gz(tf.js) + gz(tf.wasm),
    },
  };
}
