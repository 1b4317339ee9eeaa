// The workerd entry (dist/workerd.js, `descent-ml` under the `workerd` condition), exercised in a
// fresh Node process so that its engine starts uninitialised: it refuses to work before
// init(), refuses bytes, and after init() with a compiled module behaves like the default.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT } from '../runtimes/locate.mjs';

const run = promisify(execFile);

const SCRIPT = `
import { readFileSync } from 'node:fs';
import * as d from './dist/workerd.js';
const out = {};
const attempt = (f) => { try { return String(f()); } catch (e) { return e.constructor.name + ': ' + e.message; } };
out.before = attempt(() => d.zeros([2]));
out.initialisedBefore = d.isInitialised();
const bytes = readFileSync('./dist/descent.wasm');
out.bytes = attempt(() => d.init(bytes));
const kernels = new WebAssembly.Module(bytes);
d.init(kernels);
d.init(kernels);
out.initialisedAfter = d.isInitialised();
out.sum = d.tensor([[1, 2], [3, 4]]).matmul(d.tensor([[1], [1]])).toArray();
out.other = attempt(() => d.init(new WebAssembly.Module(bytes)));
console.log(JSON.stringify(out));
`;

describe('the workerd entry (init with a precompiled WebAssembly.Module)', () => {
  it('throws before init, refuses bytes, works after init, and init is idempotent', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: ROOT, timeout: 60000 });
    const out = JSON.parse(stdout);
    expect(out.before).to.match(/not initialised.*init\(/);
    expect(out.initialisedBefore).to.equal(false);
    expect(out.bytes).to.match(/^TypeError: init: kernels must be a WebAssembly.Module/);
    expect(out.initialisedAfter).to.equal(true);
    expect(out.sum).to.deep.equal([[3], [7]]);
    expect(out.other).to.match(/^Error: init: descent is already initialised with another kernel module/);
  });
});
