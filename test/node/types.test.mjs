// Every entry has types: test/runtimes/types/*.ts import each one the way a user would
// (`descent`, `descent-ml/browser`, `descent-ml/workerd`, `descent-ml/descent.wasm`, and `descent`
// under the `workerd` condition) and must type-check against dist/*.d.ts.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../runtimes/locate.mjs';

const run = promisify(execFile);
const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');

async function typeCheck(project) {
  try {
    await run(process.execPath, [tsc, '-p', join(ROOT, 'test/runtimes/types', project)], { cwd: ROOT, timeout: 120000 });
    return '';
  } catch (e) {
    return `${e.stdout}${e.stderr}` || String(e);
  }
}

describe('types for every entry', function () {
  this.timeout(120000);

  it('descent-ml, descent-ml/browser, descent-ml/workerd and descent-ml/descent.wasm type-check', async () => {
    expect(await typeCheck('tsconfig.json')).to.equal('');
  });

  it('descent-ml under the workerd condition has init()', async () => {
    expect(await typeCheck('tsconfig.workerd.json')).to.equal('');
  });

  it("a strict user's file compiles, and each known mistake in it fails to (mistakes.ts, @ts-expect-error)", async () => {
    // grad by arity, options without index signatures (typos such as momentun), d.tune's
    // parameters inferred from the space, History typed by the metrics requested.
    const source = readFileSync(join(ROOT, 'test/runtimes/types/mistakes.ts'), 'utf8');
    expect(source.match(/@ts-expect-error/g).length, 'known mistakes checked').to.be.at.least(10);
    expect(await typeCheck('tsconfig.mistakes.json')).to.equal('');
  });
});
