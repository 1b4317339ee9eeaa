// A bundler ships only the datasets a program imports: each dataset is its own entry
// ('descent-ml/datasets/digits', …), and the dataset entries carry no engine of their own
// (they make tensors through the engine the program loaded), so an app that imports
// 'descent-ml' and one dataset, bundled with esbuild, holds that table and none of the others,
// and one copy of the kernels.
import { expect } from 'chai';
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../runtimes/locate.mjs';

const run = promisify(execFile);
// Each stored table starts with its metadata: {"name":"digits",...} (tools/embed-datasets.mjs).
const TABLES = { digits: 'digits', 'breast-cancer': 'breastCancer', iris: 'iris', wine: 'wine', diabetes: 'diabetes' };
const KERNELS_PREFIX = readFileSync(join(ROOT, 'build/descent.wasm')).subarray(0, 255).toString('base64');
const marker = (name) => new RegExp(`"?name"?:\\s*"${name}"`);

async function bundle(source) {
  const result = await build({
    // Resolved from the package root, so 'descent-ml' is this package by its own name.
    stdin: { contents: source, resolveDir: ROOT, sourcefile: 'app.mjs', loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

describe('dataset subpaths: a bundle holds only the tables it imports', function () {
  this.timeout(120000);

  for (const [path, name] of Object.entries(TABLES)) {
    it(`'descent-ml/datasets/${path}' bundles ${name}'s table and no other`, async () => {
      const code = await bundle(`import * as d from 'descent-ml';\nimport { ${name} } from 'descent-ml/datasets/${path}';\n` +
        `const { x } = ${name}();\nconsole.log(JSON.stringify({ shape: x.shape, same: x instanceof d.Tensor }));\n`);
      for (const other of Object.values(TABLES)) {
        expect(marker(other).test(code), `${other}'s table in a bundle of ${name}`).to.equal(other === name);
      }
      // One engine: the kernels' base64 text (the first 255 bytes of build/descent.wasm) appears once.
      expect(code.split(KERNELS_PREFIX).length - 1, 'copies of the embedded kernels').to.equal(1);
      const dir = mkdtempSync(join(tmpdir(), 'descent-bundle-'));
      let out;
      try {
        writeFileSync(join(dir, 'app.mjs'), code);
        out = JSON.parse((await run(process.execPath, [join(dir, 'app.mjs')], { timeout: 60000 })).stdout);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      expect(out.same, 'the dataset tensors belong to the bundled engine').to.equal(true);
      expect(out.shape[0]).to.be.above(0);
    });
  }

  it("'descent-ml/datasets' still gives all five", async () => {
    const code = await bundle("import 'descent-ml';\nimport * as all from 'descent-ml/datasets';\nconsole.log(Object.keys(all).sort().join());\n");
    for (const name of Object.values(TABLES)) expect(marker(name).test(code), name).to.equal(true);
  });
});
