// Node-only: needs --expose-gc (set in .mocharc.json) to force collection.
import { expect } from 'chai';
import * as d from '../../dist/index.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('tensors dropped without dispose()', () => {
  it('are freed once garbage collected (FinalizationRegistry)', async function () {
    if (typeof globalThis.gc !== 'function') this.skip();
    // Collect what earlier tests left for the garbage collector, so `before` is settled.
    for (let round = 0; round < 5; round++) {
      globalThis.gc();
      await tick();
    }
    const before = d.memory();
    (() => {
      for (let i = 0; i < 200; i++) d.ones([256]).mul(2); // 400 tensors, never disposed
    })();
    const leaked = d.memory();
    expect(leaked.tensors - before.tensors).to.equal(400);
    // Other tests' dropped tensors may be collected too, so count down from the peak.
    for (let round = 0; round < 20 && leaked.tensors - d.memory().tensors < 400; round++) {
      globalThis.gc();
      await tick();
    }
    const after = d.memory();
    expect(leaked.tensors - after.tensors, 'the 400 dropped tensors were finalised').to.be.at.least(400);
    expect(leaked.bytes - after.bytes, 'their bytes returned to the allocator').to.be.at.least(400 * 1024);
  });
});
