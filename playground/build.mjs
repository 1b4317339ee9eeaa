// Builds the playground into static files that work from any static host (relative URLs
// only): index.html, style.css, js/ (the page, compiled by tsc; the training worker bundled
// with descent and its digits by esbuild, since workers do not see the page's import map) and
// descent/ (the descent ES module, copied from the package's dist/). Run `npm run build` first
// so dist/ is current.
import { spawnSync } from 'node:child_process';
import { cp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const packageDist = path.join(here, '..', 'dist');

async function exists(file) {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** Copies the descent module into out/descent; returns the entry file name. */
async function copyDescent(out) {
  const target = path.join(out, 'descent');
  await mkdir(target, { recursive: true });
  // The single minified browser file, where the package builds one.
  if (await exists(path.join(packageDist, 'descent.min.js'))) {
    await cp(path.join(packageDist, 'descent.min.js'), path.join(target, 'descent.min.js'));
    return 'descent.min.js';
  }
  if (!(await exists(path.join(packageDist, 'index.js')))) {
    throw new Error('playground build: dist/index.js is missing; run `npm run build` first');
  }
  for (const entry of await readdir(packageDist, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const from = path.join(entry.parentPath, entry.name);
    const to = path.join(target, path.relative(packageDist, from));
    await mkdir(path.dirname(to), { recursive: true });
    await cp(from, to);
  }
  return 'index.js';
}

function compilePage(out) {
  const require = createRequire(import.meta.url);
  const tsc = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(here, 'tsconfig.json'), '--outDir', path.join(out, 'js')], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`playground build: tsc failed\n${result.stdout}${result.stderr}`);
}

/**
 * Bundles the training worker with descent and descent/datasets from dist/ (one file; it runs
 * its own engine in its own thread).
 */
async function bundleWorker(out) {
  const { build } = await import('esbuild');
  const entries = { '': 'index.js', '/datasets': 'datasets/index.js' };
  await build({
    entryPoints: [path.join(here, 'src', 'train-worker.ts')],
    outfile: path.join(out, 'js', 'train-worker.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'neutral',
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [{
      name: 'descent-from-dist',
      setup(b) {
        // The package's own name (and its subpaths) resolve to this checkout's dist/.
        b.onResolve({ filter: /^descent(-ml)?(\/datasets)?$/ }, (args) => {
          const sub = args.path.endsWith('/datasets') ? '/datasets' : '';
          return { path: path.join(packageDist, entries[sub]) };
        });
      },
    }],
  });
}

/** Builds the page into `out` (default playground/dist) and returns that folder. */
export async function buildPlayground({ out = path.join(here, 'dist') } = {}) {
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  compilePage(out);
  await bundleWorker(out);
  const entry = await copyDescent(out);
  const html = await readFile(path.join(here, 'index.html'), 'utf8');
  await writeFile(path.join(out, 'index.html'), html.replace('%DESCENT_ENTRY%', entry));
  await cp(path.join(here, 'style.css'), path.join(out, 'style.css'));
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = await buildPlayground({ out: process.argv[2] ? path.resolve(process.argv[2]) : undefined });
  console.log(`playground built into ${path.relative(process.cwd(), out) || '.'}`);
}
