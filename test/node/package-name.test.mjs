// `import * as d from 'descent-ml'` by package name, as a user writes it: Node resolves the
// package's own name through its exports map (self-reference), so this goes through
// package.json exactly as an installed copy would. Also the README's first example, run as
// written, must print what it says, and the contract written in TypeScript
// (test/runtimes/types/contract.ts) must type-check against the published .d.ts files.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as byName from 'descent-ml';
import * as datasetsByName from 'descent-ml/datasets';
import { ROOT } from '../runtimes/locate.mjs';

const run = promisify(execFile);

describe("import * as d from 'descent-ml' (by package name)", () => {
  it("'descent-ml' resolves to the default entry, ready without a set-up call", () => {
    expect(byName.memory()).to.have.keys(['tensors', 'bytes', 'wasmBytes']);
    expect(byName.linspace(0, 1, 5).toArray()).to.deep.equal([0, 0.25, 0.5, 0.75, 1]);
    const g = byName.grad((x) => x.square().sum())(byName.tensor([1, -3]));
    expect(g.toArray()).to.deep.equal([2, -6]);
  });

  it("'descent-ml/datasets' gives the five datasets, as tensors of the same engine as 'descent'", () => {
    expect(Object.keys(datasetsByName).sort()).to.deep.equal(['breastCancer', 'diabetes', 'digits', 'iris', 'wine']);
    const { x, y, targetNames } = datasetsByName.iris();
    expect(x).to.be.instanceOf(byName.Tensor);
    expect(x.mean().item()).to.be.closeTo((5.843333 + 3.057333 + 3.758 + 1.199333) / 4, 1e-5); // column means of iris
    expect(x.shape).to.deep.equal([150, 4]);
    expect(y.length).to.equal(150);
    expect(targetNames).to.deep.equal(['setosa', 'versicolor', 'virginica']);
  });

  it('the whole contract, written in TypeScript, type-checks against the .d.ts files (strict)', async function () {
    this.timeout(120000);
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const project = join(ROOT, 'test/runtimes/types/tsconfig.contract.json');
    let output = '';
    try {
      await run(process.execPath, [tsc, '-p', project], { cwd: ROOT, timeout: 120000 });
    } catch (e) {
      output = `${e.stdout}${e.stderr}` || String(e);
    }
    expect(output).to.equal('');
  });

  it("the README's first example runs as written and fits weight ≈ 2, bias ≈ 1", async function () {
    this.timeout(60000);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## A first example'));
    const code = /```js\n([\s\S]*?)```/.exec(section)[1];
    expect(code).to.include("import * as d from 'descent-ml'");
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, timeout: 60000 });
    const lines = stdout.trim().split('\n');
    expect(lines.map((l) => l.split(' ')[0])).to.deep.equal(['weight', 'bias']);
    const numbers = lines.map((l) => Number(/-?\d+(\.\d+)?(e-?\d+)?/.exec(l.slice(l.indexOf('[')))[0]));
    expect(numbers[0]).to.be.closeTo(2, 1e-3);
    expect(numbers[1]).to.be.closeTo(1, 1e-3);
  });
});
