// Bundles the worker for workerd: `node examples/edge/build.mjs` writes examples/edge/dist/
// worker.js (descent resolved through its `workerd` export condition) and descent.wasm, the
// two modules config.capnp names. Wrangler does the same on its own (`wrangler dev`).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist');
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(here, 'worker.mjs')],
  outfile: join(out, 'worker.js'),
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  conditions: ['workerd', 'worker'],
  absWorkingDir: here,
  logLevel: 'warning',
  plugins: [{
    // Keep the kernels a separate Wasm module: workerd compiles it and the worker gets a
    // WebAssembly.Module, which is what d.init() takes.
    name: 'kernels-as-wasm-module',
    setup(b) {
      b.onResolve({ filter: /\.wasm$/ }, () => ({ path: './descent.wasm', external: true }));
    },
  }],
});
// The kernels file is what 'descent-ml/descent.wasm' names under the `workerd` condition
// (elsewhere that import is a JavaScript module giving the engine's own compiled kernels).
const require = createRequire(join(here, 'worker.mjs'));
const packageJson = require.resolve('descent-ml/package.json');
const kernelsFile = JSON.parse(readFileSync(packageJson, 'utf8')).exports['./descent.wasm'].workerd;
copyFileSync(join(dirname(packageJson), kernelsFile), join(out, 'descent.wasm'));
console.log(`built ${join(out, 'worker.js')} and descent.wasm`);
