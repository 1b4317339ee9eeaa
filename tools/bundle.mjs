// Packaging after tsc: bundles the default entry (kernels embedded) into one minified ES
// module for browsers and CDNs, dist/descent.min.js with its types; and copies the kernels to
// dist/descent.wasm (the `descent-ml/descent.wasm` export that workerd imports as a precompiled
// WebAssembly.Module), with its types. Prints the sizes the README quotes.
import { build } from 'esbuild';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist/descent.min.js');

await build({
  entryPoints: [join(root, 'dist/index.js')],
  outfile,
  bundle: true,
  minify: true,
  format: 'esm',
  // Top-level await (the kernels are ready when the import resolves) needs ES2022.
  target: 'es2022',
  platform: 'neutral',
  legalComments: 'none',
  keepNames: true, // module printing (torch's repr) uses class names; not in dist/pkg, whose workers are stringified
  logLevel: 'warning',
});
writeFileSync(join(root, 'dist/descent.min.d.ts'), "export * from './index.js';\n");

// The package entries ('descent', 'descent-ml/datasets', 'descent-ml/plot', the workerd entry) as
// bundles in dist/pkg/ that share their common code through chunks: a cold import then reads a
// few files instead of some seventy modules, about three times faster, and an import of
// 'descent' with 'descent-ml/datasets' still gets one engine. Not minified, so stack traces read.
await build({
  entryPoints: ['index', 'datasets/index', 'plot/index', 'workerd'].map((e) => join(root, `dist/${e}.js`)),
  outdir: join(root, 'dist/pkg'),
  outbase: join(root, 'dist'),
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  target: 'es2022',
  platform: 'neutral',
  legalComments: 'none',
  logLevel: 'warning',
});

copyFileSync(join(root, 'build/descent.wasm'), join(root, 'dist/descent.wasm'));
writeFileSync(
  join(root, 'dist/descent.wasm.d.ts'),
  '/** The kernels, as workerd (and bundlers with a .wasm rule) import them: compiled, not instantiated. */\n' +
    'declare const kernels: WebAssembly.Module;\nexport default kernels;\n',
);

const bytes = readFileSync(outfile);
const gzipped = gzipSync(bytes, { level: 9 }).length;
console.log(`bundled dist/descent.min.js: ${kib(bytes.length)} KiB, ${kib(gzipped)} KiB gzipped`);

function kib(n) {
  return (n / 1024).toFixed(1);
}
