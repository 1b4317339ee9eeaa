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

describe('generators dropped without dispose()', () => {
  it("a seeded Dropout's, DataLoader's or d.Generator's state is freed once collected (a fresh process)", async function () {
    if (typeof globalThis.gc !== 'function') this.skip();
    this.timeout(120000);
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { ROOT } = await import('../runtimes/locate.mjs');
    // 30,000 generators a round (16 bytes of state + a 16-byte header each: ~1 MB), 20 rounds.
    // Leaked, Wasm memory grows by ~19 MB; freed, the later rounds reuse the first round's blocks.
    const script = `
      import * as d from './dist/index.js';
      const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
      const settle = async () => { for (let i = 0; i < 5; i++) { globalThis.gc(); await tick(); } };
      const x = d.zeros([4, 2]);
      const y = d.zeros([4]);
      const round = () => {
        for (let i = 0; i < 10000; i++) {
          new d.nn.Dropout(0.5, { seed: i });
          new d.data.DataLoader({ x, y }, { batchSize: 2, shuffle: true, seed: i });
          new d.Generator(i);
        }
      };
      round();
      await settle();
      const before = d.memory().wasmBytes;
      for (let r = 0; r < 20; r++) { round(); await settle(); }
      console.log(JSON.stringify({ before, after: d.memory().wasmBytes }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { cwd: ROOT, timeout: 110000 });
    const { before, after } = JSON.parse(stdout);
    expect(after - before, `Wasm memory grew from ${before} to ${after} bytes`).to.be.below(4 * 1048576);
  });
});
