// Two copies of the package in one realm (the single file from a CDN and the npm package, two
// versions, a cache-busting re-import): each has its own Wasm memory, so their objects must
// never mix silently. Every copy registers in the realm-wide registry (src/registry.ts); the
// datasets share the first engine (test/node/package-name.test.mjs), and every function of one
// copy refuses the other's tensors, modules, optimizers and schedulers with a message that says
// it is another copy's — changing nothing in either. Run in a fresh Node process on the shipped
// single file, evaluated twice.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT } from '../runtimes/locate.mjs';

const run = promisify(execFile);

const SCRIPT = `
const A = await import('./dist/descent.min.js?copy=a');
const B = await import('./dist/descent.min.js?copy=b');
const registry = globalThis[Symbol.for('descent-ml.engines')];
const out = { copies: registry.length, refused: {} };
const attempt = (name, f) => {
  try { f(); out.refused[name] = 'NOT REFUSED'; } catch (e) { out.refused[name] = e.constructor.name + ': ' + e.message; }
};
const tA = A.tensor([1, 2]);
const tB = B.tensor([3, 4]);
const mA = new A.nn.Linear(2, 1, { seed: 1 });
const optA = new A.optim.SGD(mA.parameters(), { lr: 0.1 });
const [rowB, columnA] = [B.ones([1, 2]), A.ones([2, 1])];
const modelB = new B.nn.Linear(2, 1);
const weightsA = mA.parameters().map((p) => p.toArray());
const memory = [A.memory(), B.memory()];
attempt('add', () => B.add(tB, tA));
attempt('Tensor.add', () => tB.add(tA));
attempt('matmul', () => B.matmul(rowB, columnA));
attempt('mseLoss', () => B.nn.functional.mseLoss(tA, tB));
attempt('stack', () => B.stack([tB, tA]));
attempt('tensor', () => B.tensor(tA));
attempt('keep', () => B.keep(tA));
attempt('valueAndGrad', () => B.grad((t) => t.sum())(tA));
attempt('SGD', () => new B.optim.SGD(mA.parameters(), { lr: 0.1 }));
attempt('Sequential', () => new B.nn.Sequential(mA));
attempt('StepLR', () => new B.optim.lrScheduler.StepLR(optA, { stepSize: 1 }));
attempt('saveTensors', () => B.io.saveTensors({ a: tA }));
attempt('save', () => B.save({ model: mA }));
const bytes = B.save({ model: modelB });
attempt('load', () => B.load(bytes, { model: mA }));
out.unchanged = JSON.stringify([tA.toArray(), tB.toArray(), mA.parameters().map((p) => p.toArray())]) ===
  JSON.stringify([[1, 2], [3, 4], weightsA]);
out.memory = [memory, [A.memory(), B.memory()]].map((ms) => ms.map((m) => [m.tensors, m.bytes]));
console.log(JSON.stringify(out));
`;

describe('two copies of descent-ml in one realm', () => {
  it("are both registered, and each refuses the other's objects clearly, changing nothing", async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: ROOT, timeout: 60000 });
    const out = JSON.parse(stdout);
    expect(out.copies).to.equal(2);
    const names = {
      add: 'add', 'Tensor.add': 'add', matmul: 'matmul', mseLoss: 'mseLoss', stack: 'stack', tensor: 'tensor', keep: 'keep',
      valueAndGrad: 'valueAndGrad', SGD: 'SGD', Sequential: 'Sequential', StepLR: 'StepLR', saveTensors: 'saveTensors',
      save: 'save', load: 'load',
    };
    for (const [call, message] of Object.entries(out.refused)) {
      expect(message, call).to.match(new RegExp(`^TypeError: ${names[call]}: `));
      expect(message, call).to.match(/of (another|this) copy of descent-ml/);
    }
    expect(Object.keys(out.refused)).to.have.length(Object.keys(names).length);
    expect(out.unchanged, "both copies' tensors and A's model unchanged").to.equal(true);
    expect(out.memory[1], "both copies' live tensors and bytes: nothing leaked").to.deep.equal(out.memory[0]);
  });
});
