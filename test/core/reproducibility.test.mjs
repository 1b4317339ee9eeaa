// The reproducible run (test/runtimes/reproducible-run.mjs) in this runtime — Node under
// `npm test`, Chromium in the browser run of the suite — must end with the committed hash.
// test/node/runtimes.test.mjs checks the same in Deno, Bun and workerd.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import expected from '../runtimes/expected.mjs';
import { reproducibleRun, hashFloat32, SETTINGS } from '../runtimes/reproducible-run.mjs';

describe('reproducible training run', () => {
  it('hashes float32 bytes with SHA-256 (known answers)', async () => {
    // SHA-256 of the empty string, and of the bytes of 1.0f (00 00 80 3f), from sha256sum.
    expect(await hashFloat32([])).to.equal('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await hashFloat32([new Float32Array([1])])).to.equal(
      'e00e5eb9444182f352323374ef4e08ebcb784725fdd4fd612d7730540b3e0c8c',
    );
  });

  it('ends with the committed hash of its final parameters', async () => {
    const before = d.memory();
    const result = await reproducibleRun(d);
    expect(result.sha256, 'if a kernel or an op changed on purpose, put the new hash (`npm run repro:hash`) ' +
      'in test/runtimes/expected.mjs').to.equal(expected.sha256);
    expect(result.lastLoss).to.be.below(result.firstLoss);
    expect(d.memory().tensors, 'tensors left behind').to.equal(before.tensors);
    expect(d.memory().bytes, 'bytes left behind').to.equal(before.bytes);
  });

  it('runs what it claims: the cosine schedule reaches etaMin, and clipping acts in some steps', async () => {
    const result = await reproducibleRun(d);
    expect(result.lastLr).to.be.closeTo(SETTINGS.etaMin, 1e-12);
    expect(result.clippedSteps).to.be.above(0);
    expect(result.clippedSteps).to.be.below(SETTINGS.steps);
    expect(result.parameters).to.equal(8 * 16 + 16 + 16 * 16 + 16 + 16 + 16 * 4 + 4);
  });
});
