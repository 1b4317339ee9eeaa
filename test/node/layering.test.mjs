// The architecture, checked by reading every import in src/: the kernels and raw memory are
// reached only through the one seam, src/backend/index.ts; imports run one way through the
// layers; Tensor's op methods are defined in one place; no module is imported for its effects.
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ROOT } from '../runtimes/locate.mjs';

const SRC = join(ROOT, 'src');

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module a file imports or re-exports values from, as paths relative to src/ ('backend/index.ts'). */
function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b(?!\s+type\b)[^'"]*?\bfrom\s+'([^']+)'/gm), ...text.matchAll(/^\s*import\s+'([^']+)'/gm)].map((m) => m[1]);
  return specifiers.map((s) => (s.startsWith('.') ? relative(SRC, join(dirname(file), s)).replace(/\.js$/, '.ts') : s));
}

const files = sourceFiles(SRC).map((f) => ({ file: relative(SRC, f), imports: importsOf(f), text: readFileSync(f, 'utf8') }));

// engine → tensor/autograd → ops → nn/optim → fit/models → io/tune → the entries → datasets/plots.
// A module may import its own layer or lower ones. A new top-level file or folder needs a line here.
const LAYERS = [
  ['engine', ['backend/', 'generated/', 'random.ts', 'scalar_math.ts', 'registry.ts', 'signature.ts', 'signature_text.ts', 'base64.ts']],
  ['tensor/autograd', ['tensor.ts', 'tensor/', 'autograd.ts', 'anomaly.ts', 'print.ts']],
  ['ops', ['ops/', 'hessian.ts', 'autograd_api.ts']],
  ['nn/optim', ['nn/', 'optim/', 'data/', 'metrics.ts']],
  ['fit/models', ['fit.ts', 'progress.ts', 'training/', 'models/']],
  ['io/tune', ['io/', 'tune/', 'optimize/']],
  ['entries', ['api.ts', 'index.ts', 'embedded.ts', 'kernels.ts']],
  // The datasets and plots are entries of their own, over the engine of src/local-engine.ts.
  ['entry subpaths', ['local-engine.ts', 'datasets/', 'plot/']],
];

function layerOf(file) {
  const i = LAYERS.findIndex(([, prefixes]) => prefixes.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p)));
  return i;
}

describe('architecture: the kernel seam', () => {
  it('finds the sources and their imports', () => {
    expect(files.length).to.be.greaterThan(50);
    expect(files.find((f) => f.file === 'tensor.ts').imports).to.include('backend/index.ts');
  });

  it('only src/backend/ imports the kernel exports, the generated signatures and raw memory', () => {
    const offenders = [];
    for (const { file, imports } of files) {
      if (file.startsWith('backend/')) continue;
      for (const target of imports) {
        const intoBackend = target.startsWith('backend/') && target !== 'backend/index.ts';
        const generatedApi = target === 'generated/kernels-api.ts' || target === 'generated/opcodes.ts';
        if (intoBackend || generatedApi) offenders.push(`${file} imports ${target}`);
      }
    }
    expect(offenders).to.deep.equal([]);
  });

  it('no file outside src/backend/ touches WebAssembly memory or instances', () => {
    const offenders = files
      .filter(({ file }) => !file.startsWith('backend/') && !file.startsWith('generated/'))
      .filter(({ file }) => /\bWebAssembly\.(Memory|Instance|instantiate)|\.buffer\b.*Float32Array|\bheap(F32|I32|U8)\b|\bview(F32|I32)\b|\bscratch\(/.test(readFileSync(join(SRC, file), 'utf8')))
      .map(({ file }) => file);
    expect(offenders).to.deep.equal([]);
  });
});

describe('architecture: layers and methods', () => {
  it('every source file belongs to a layer', () => {
    expect(files.filter(({ file }) => layerOf(file) < 0).map(({ file }) => file)).to.deep.equal([]);
  });

  it('imports run one way: no module imports a higher layer', () => {
    const offenders = [];
    for (const { file, imports } of files) {
      for (const target of imports) {
        if (!target.endsWith('.ts')) continue; // packages
        if (layerOf(target) > layerOf(file)) {
          offenders.push(`${file} (${LAYERS[layerOf(file)][0]}) imports ${target} (${LAYERS[layerOf(target)][0]})`);
        }
      }
    }
    expect(offenders).to.deep.equal([]);
  });

  it('only src/backend/ and tensor.ts read a pointer', () => {
    const offenders = files
      .filter(({ file }) => !file.startsWith('backend/') && file !== 'tensor.ts')
      .filter(({ text }) => /\.ptr\b/.test(text.replace(/\/\/.*$/gm, '')))
      .map(({ file }) => file);
    expect(offenders).to.deep.equal([]);
  });

  it("Tensor's op methods are defined in ops/methods.ts only: no other file patches the prototype", () => {
    const offenders = files
      .filter(({ file }) => file !== 'ops/methods.ts')
      .filter(({ text }) => /Tensor\.prototype|declare module '[^']*tensor\.js'/.test(text))
      .map(({ file }) => file);
    expect(offenders).to.deep.equal([]);
  });

  it('no module is imported only for its side effects', () => {
    const offenders = files.filter(({ text }) => /^\s*import\s+'[^']+';/m.test(text)).map(({ file }) => file);
    expect(offenders).to.deep.equal([]);
  });
});
