// Packaging after tsc: bundles the default entry (kernels embedded) into one minified ES
// module for browsers and CDNs, dist/descent.min.js with its types; and copies the kernels to
// dist/descent.wasm (the `descent-ml/descent.wasm` export, under the `workerd` condition, that workerd imports as a precompiled
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
  logLevel: 'warning',
});
writeFileSync(join(root, 'dist/descent.min.d.ts'), "export * from './index.js';\n");

// The package entries as bundles in dist/pkg/ that share their common code through chunks: a
// cold import then reads a few files instead of some seventy modules, about three times faster.
// 'descent-ml' (index) and its workerd entry carry the engine; 'descent-ml/descent.wasm' outside
// workerd (kernels) is the default entry's compiled module; the datasets (one entry each, and
// 'descent-ml/datasets' for all five) and 'descent-ml/plot' carry no engine of their own: they
// make tensors through the engine the program loaded (src/registry.ts), so they work with the
// single file above too, and a bundler that imports one dataset ships only its table.
// Whitespace and syntax are minified (the tarball must stay within 1.2 MB unpacked,
// test/node/package-tarball.test.mjs), but names are kept, so stack traces still read.
const PACKAGE_ENTRIES = [
  'index',
  'workerd',
  'kernels',
  'plot/index',
  'datasets/index',
  'datasets/digits',
  'datasets/breast-cancer',
  'datasets/iris',
  'datasets/wine',
  'datasets/diabetes',
];
rmSync(join(root, 'dist/pkg'), { recursive: true, force: true });
await build({
  entryPoints: PACKAGE_ENTRIES.map((e) => join(root, `dist/${e}.js`)),
  outdir: join(root, 'dist/pkg'),
  outbase: join(root, 'dist'),
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  minifyWhitespace: true,
  minifySyntax: true,
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
