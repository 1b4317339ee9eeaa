// The README's code is executed: every ```js / ```ts example runs on its own in a fresh Node
// process importing the built package by name ('descent-ml'), its `// →` and `// ≈` claims are
// checked against what it computes, and the ts examples type-check under strict TypeScript.
// The rules are in test/helpers/readme-snippets.mjs and in the README itself.
import { expect } from 'chai';
import { transform } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../runtimes/locate.mjs';
import { checkClaim, extractSnippets, instrument, readClaims } from '../helpers/readme-snippets.mjs';

const run = promisify(execFile);
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const snippets = extractSnippets(README);

async function runModule(source) {
  // -e with --input-type=module, from the package root, so 'descent-ml' resolves to this package by name.
  return run(process.execPath, ['--input-type=module', '-e', source], { cwd: ROOT, timeout: 90000, maxBuffer: 1 << 24 });
}

describe('the README examples run, and say what they compute', function () {
  this.timeout(120000);

  it('the claim checker holds a claim to float32 precision (→) or to the digits shown (≈), and catches a wrong one', () => {
    expect(checkClaim(24.200000762939453, '24.2', '→')).to.equal(null);
    expect(checkClaim(24.21, '24.2', '→')).to.match(/24.21 is not → 24.2/);
    expect(checkClaim([[1330.0001, 480], [480, 200]], '[[1330, 480], [480, 200]]', '→')).to.equal(null);
    expect(checkClaim([1, 2], '[1, 2, 3]', '→')).to.match(/expected 3 items/);
    expect(checkClaim(0.9822, '0.98', '≈')).to.equal(null);
    expect(checkClaim(0.9861, '0.98', '≈')).to.match(/is not ≈ 0.98/);
    expect(checkClaim(1.96, '2.00', '≈')).to.match(/is not ≈ 2.00/);
    expect(checkClaim({ lr: 0.104, momentum: 0.93, extra: 1 }, '{ lr: 0.1, momentum: 0.9 }', '≈')).to.equal(null);
    expect(checkClaim({ lr: 0.104, act: 'tanh' }, "{ lr: 0.1, act: 'relu' }", '≈')).to.match(/value.act: expected "relu"/);
  });

  it('has examples, each runnable, or marked norun with a reason, or quoting a file verbatim', () => {
    expect(snippets.length).to.be.at.least(10);
    for (const s of snippets) {
      if ('norun' in s.attrs) expect(s.attrs.norun, `README.md:${s.line}: norun needs a reason`).to.not.equal('');
      if (s.attrs.file) expect(s.code, `README.md:${s.line} quotes ${s.attrs.file}`).to.equal(readFileSync(join(ROOT, s.attrs.file), 'utf8'));
    }
  });

  for (const s of snippets) {
    if ('norun' in s.attrs || s.attrs.file) continue;
    it(`README.md:${s.line} (${s.heading}) runs and its claims hold`, async () => {
      const { source, claims } = instrument(s);
      const js = s.lang === 'ts' ? (await transform(source, { loader: 'ts', format: 'esm', target: 'es2022' })).code : source;
      let stdout;
      try {
        ({ stdout } = await runModule(js));
      } catch (e) {
        throw new Error(`README.md:${s.line}: the example failed:\n${e.stderr || e.message}`);
      }
      const recorded = readClaims(stdout);
      expect(recorded, 'the example ran to its end').to.not.equal(null);
      expect(recorded.map((c) => c.line)).to.deep.equal(claims.map((c) => c.line));
      for (const c of recorded) {
        const problem = checkClaim(c.value, c.claimed, c.kind);
        expect(problem, `README.md:${c.line}: ${c.kind} ${c.claimed}, got ${JSON.stringify(c.value)}`).to.equal(null);
      }
    });
  }

  it('the ts examples type-check under strict TypeScript against the published types', async function () {
    const ts = snippets.filter((s) => s.lang === 'ts' && !s.attrs.file && !('norun' in s.attrs && /type/.test(s.attrs.norun)));
    if (ts.length === 0) this.skip();
    // Inside the package, so 'descent-ml' resolves to this package's own types by name.
    const dir = join(ROOT, 'test/.readme-types');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    try {
      const files = ts.map((s) => {
        const name = `readme-${s.line}.ts`;
        const prelude = /from\s+['"]descent-ml['"]/.test(s.code) ? '' : "import * as d from 'descent-ml';\n";
        writeFileSync(join(dir, name), `${prelude}${s.code}\nexport {};\n`);
        return name;
      });
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'ES2022', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], strict: true,
          noEmit: true, skipLibCheck: false, types: [] },
        files,
      }));
      let output = '';
      try {
        await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: ROOT, timeout: 120000 });
      } catch (e) {
        output = `${e.stdout}${e.stderr}`.replace(/readme-(\d+)\.ts\((\d+),/g, (_, l, n) => `README.md:${Number(l) + Number(n) - (/* prelude */ 1)}(`);
      }
      expect(output).to.equal('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
