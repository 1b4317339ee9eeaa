// The architecture, checked by reading every import in src/: the kernels and raw memory are
// reached only through the one seam, src/backend/index.ts.
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

/** Every module a file imports or re-exports from, as paths relative to src/ ('backend/index.ts'). */
function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+'([^']+)'/gm), ...text.matchAll(/^\s*import\s+'([^']+)'/gm)].map((m) => m[1]);
  return specifiers.map((s) => (s.startsWith('.') ? relative(SRC, join(dirname(file), s)).replace(/\.js$/, '.ts') : s));
}

const files = sourceFiles(SRC).map((f) => ({ file: relative(SRC, f), imports: importsOf(f) }));

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
        if (intoBackend || generatedApi || target === '@assemblyscript/loader') offenders.push(`${file} imports ${target}`);
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
