// Node-only: needs --expose-gc (set in .mocharc.json) to force collection.
import { expect } from 'chai';
import * as d from '../../dist/index.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('tensors dropped without dispose()', () => {
  it('are freed once garbage collected (FinalizationRegistry)', async function () {
    if (typeof globalThis.gc !== 'function') this.skip();
    const before = d.memory();
    (() => {
      for (let i = 0; i < 200; i++) d.ones([256]).mul(2); // 400 tensors, never disposed
    })();
    const leaked = d.memory();
    expect(leaked.tensors - before.tensors).to.equal(400);
    for (let round = 0; round < 20 && d.memory().tensors > before.tensors; round++) {
      globalThis.gc();
      await tick();
    }
    const after = d.memory();
    expect(after.tensors, 'live tensors back to where they were').to.equal(before.tensors);
    expect(after.bytes, 'their bytes returned to the allocator').to.equal(before.bytes);
  });
});
