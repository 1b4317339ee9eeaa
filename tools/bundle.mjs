// Packaging after tsc. The engine (src/index.ts, kernels embedded) is bundled into ONE minified
// ES module, dist/descent.min.js, the only file that carries it: it is 'descent-ml' in every
// runtime (workerd included: there it waits for init(kernels), src/embedded.ts),
// 'descent-ml/browser' and 'descent-ml/workerd', so a program that imports any of them gets
// one engine. The entries that carry no engine of their own go to dist/pkg/ (the datasets, one
// each and all five, sharing their decoder through chunks; the plots; 'descent-ml/descent.wasm'
// outside workerd, which gives the engine's compiled kernels): they make tensors through the
// engine the program loaded (src/registry.ts). The kernels are also copied to
// dist/descent.wasm, what 'descent-ml/descent.wasm' is under the `workerd` condition (the
// runtime compiles it).
// Everything is minified for size (the tarball must stay within 1.2 MB unpacked,
// test/node/package-tarball.test.mjs). Names are not kept (esbuild's keepNames costs ~24 KiB per
// engine copy and wraps functions in a helper that stringified thread workers cannot see): the
// public class names that messages and Module's printing use come from their declarations
// (src/signature.ts className). Prints the sizes the README quotes.
import { build } from 'esbuild';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist/descent.min.js');
const common = {
  bundle: true,
  format: 'esm',
  // Top-level await (the kernels are ready when the import resolves) needs ES2022.
  target: 'es2022',
  platform: 'neutral',
  legalComments: 'none',
  logLevel: 'warning',
  minify: true,
  // The bundled entries register their engine (src/registry.ts), and the bundled datasets and
  // plots look it up there instead of carrying an engine (src/local-engine.ts is swapped).
  define: { __DESCENT_ML_BUNDLE__: 'true' },
  plugins: [{
    name: 'datasets-use-the-loaded-engine',
    setup(b) {
      b.onResolve({ filter: /local-engine\.js$/ }, () => ({ path: join(root, 'dist/registry.js') }));
    },
  }],
};

await build({ ...common, entryPoints: [join(root, 'dist/index.js')], outfile });
writeFileSync(join(root, 'dist/descent.min.d.ts'), "export * from './index.js';\n");

rmSync(join(root, 'dist/pkg'), { recursive: true, force: true });
await build({
  ...common,
  entryPoints: ['kernels', 'plot/index', 'datasets/index', 'datasets/digits', 'datasets/breast-cancer', 'datasets/iris',
    'datasets/wine', 'datasets/diabetes'].map((e) => join(root, `dist/${e}.js`)),
  outdir: join(root, 'dist/pkg'),
  outbase: join(root, 'dist'),
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  plugins: [...common.plugins, {
    // kernels.js imports the default entry: the single file, not a second copy of the engine.
    name: 'default-entry-is-the-single-file',
    setup(b) {
      b.onResolve({ filter: /^\.\/index\.js$/ }, (args) =>
        args.importer.endsWith(`${join('dist', 'kernels.js')}`) ? { path: '../descent.min.js', external: true } : undefined);
    },
  }],
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
