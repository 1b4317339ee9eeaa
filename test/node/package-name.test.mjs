// `import * as d from 'descent-ml'` by package name, as a user writes it: Node resolves the
// package's own name through its exports map (self-reference), so this goes through
// package.json exactly as an installed copy would. The by-name imports run in a fresh Node
// process, as a user's program: this mocha process already has the unbundled engine
// (dist/index.js) loaded, and the datasets make their tensors with the first engine loaded. Also the README's first example, run as
// written, must print what it says, and the contract written in TypeScript
// (test/runtimes/types/contract.ts) must type-check against the published .d.ts files.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../runtimes/locate.mjs';

const run = promisify(execFile);

describe("import * as d from 'descent-ml' (by package name)", () => {
  async function runByName(code) {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, timeout: 60000 });
    return JSON.parse(stdout);
  }

  it("'descent-ml' resolves to the default entry, ready without a set-up call", async () => {
    const out = await runByName(`
      import * as d from 'descent-ml';
      const g = d.grad((x) => x.square().sum())(d.tensor([1, -3]));
      console.log(JSON.stringify({ memory: Object.keys(d.memory()), linspace: d.linspace(0, 1, 5).toArray(), grad: g.toArray(),
        init: typeof d.init, ready: d.isInitialised() }));`);
    expect(out.memory).to.have.members(['tensors', 'bytes', 'wasmBytes']);
    expect(out.linspace).to.deep.equal([0, 0.25, 0.5, 0.75, 1]);
    expect(out.grad).to.deep.equal([2, -6]);
    expect(out.init).to.equal('function');
    expect(out.ready).to.equal(true);
  });

  it("'descent-ml/datasets' gives the five datasets, as tensors of the same engine as 'descent-ml'", async () => {
    const out = await runByName(`
      import * as d from 'descent-ml';
      import * as datasets from 'descent-ml/datasets';
      const { x, y, targetNames } = datasets.iris();
      console.log(JSON.stringify({ names: Object.keys(datasets).sort(), sameEngine: x instanceof d.Tensor, mean: x.mean().item(),
        shape: x.shape, n: y.length, targetNames }));`);
    expect(out.names).to.deep.equal(['breastCancer', 'diabetes', 'digits', 'iris', 'wine']);
    expect(out.sameEngine).to.equal(true);
    expect(out.mean).to.be.closeTo((5.843333 + 3.057333 + 3.758 + 1.199333) / 4, 1e-5); // column means of iris
    expect(out.shape).to.deep.equal([150, 4]);
    expect(out.n).to.equal(150);
    expect(out.targetNames).to.deep.equal(['setosa', 'versicolor', 'virginica']);
  });

  it("each dataset is its own entry ('descent-ml/datasets/digits', …), the same data as 'descent-ml/datasets'", async () => {
    const out = await runByName(`
      import * as d from 'descent-ml';
      import * as all from 'descent-ml/datasets';
      import { digits } from 'descent-ml/datasets/digits';
      import { breastCancer } from 'descent-ml/datasets/breast-cancer';
      import { iris } from 'descent-ml/datasets/iris';
      import { wine } from 'descent-ml/datasets/wine';
      import { diabetes } from 'descent-ml/datasets/diabetes';
      const one = { digits, breastCancer, iris, wine, diabetes };
      const same = {};
      for (const [name, f] of Object.entries(one)) {
        const a = f(), b = all[name]();
        const ya = a.y instanceof d.Tensor ? a.y.toArray() : Array.from(a.y);
        const yb = b.y instanceof d.Tensor ? b.y.toArray() : Array.from(b.y);
        same[name] = a.x instanceof d.Tensor && JSON.stringify([a.x.toArray(), ya]) === JSON.stringify([b.x.toArray(), yb]);
      }
      console.log(JSON.stringify(same));`);
    expect(out).to.deep.equal({ digits: true, breastCancer: true, iris: true, wine: true, diabetes: true });
  });

  it("'descent-ml', 'descent-ml/browser' and 'descent-ml/workerd' are one module; a dataset before any engine says what to import; with two engines the first is used", async () => {
    const out = await runByName(`
      const attempt = (f) => { try { return f(); } catch (e) { return e.message; } };
      const { iris } = await import('descent-ml/datasets/iris');
      const none = attempt(() => iris());
      const single = await import('descent-ml/browser');
      const byName = await import('descent-ml');
      const edge = await import('descent-ml/workerd');
      const first = iris().x instanceof single.Tensor;
      const second = await import('./dist/descent.min.js?second-copy');  // the file evaluated again: a second engine
      const stillFirst = iris().x instanceof single.Tensor && !(iris().x instanceof second.Tensor);
      console.log(JSON.stringify({ none, same: single === byName && edge === byName, first, stillFirst }));`);
    expect(out.none).to.match(/^iris: no descent-ml engine is loaded; import 'descent-ml'/);
    expect(out.same, "'descent-ml', 'descent-ml/browser' and 'descent-ml/workerd' resolve to the same module").to.equal(true);
    expect(out.first, "the single file's engine").to.equal(true);
    expect(out.stillFirst, 'the first engine loaded stays the one used').to.equal(true);
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
