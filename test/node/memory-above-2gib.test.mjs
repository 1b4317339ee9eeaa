// Pointers at or above 2^31 must never go through a signed shift: a 2 GiB tensor is made and
// freed in a child process, so every later allocation lives above byte 2^31, and ops, reads,
// gradients, an optimizer, state dicts and a checkpoint are checked there. Skipped (saying so)
// only when this machine cannot spare ~2.5 GiB.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { freemem } from 'node:os';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./scripts/above-2gib.mjs', import.meta.url));

describe('memory above 2 GiB', () => {
  it('ops, reads, optimizers, state dicts and checkpoints work on tensors above byte 2^31', function () {
    this.timeout(120000);
    if (freemem() < 3 * 2 ** 30) {
      console.log(`      skipped: ${(freemem() / 2 ** 30).toFixed(1)} GiB free, the test needs about 3 GiB`);
      this.skip();
    }
    const out = JSON.parse(execFileSync(process.execPath, [SCRIPT], { encoding: 'utf8', maxBuffer: 1 << 20 }));
    expect(out.above2GiB, 'the tensors under test live above 2^31').to.equal(true);
    expect(out.full).to.deep.equal([7, 7, 7]);
    expect(out.item).to.equal(5);
    expect(out.matmul).to.deep.equal([[14], [32]]);
    expect(out.add).to.deep.equal([[2, 3, 4], [5, 6, 7]]);
    expect(out.addScalarTensor).to.deep.equal([[3, 4, 5], [6, 7, 8]]);
    expect(out.sum).to.equal(21);
    expect(out.mean).to.deep.equal([2, 5]);
    expect(out.softmax).to.deep.equal([[0.09, 0.2447, 0.6652], [0.09, 0.2447, 0.6652]]);
    expect(out.transpose).to.deep.equal([[1, 4], [2, 5], [3, 6]]);
    expect(out.indexSelect).to.deep.equal([[3, 1], [6, 4]]);
    expect(out.gather).to.deep.equal([[1], [6]]);
    expect(out.concat).to.deep.equal([[1, 2, 3], [4, 5, 6], [1, 2, 3], [4, 5, 6]]);
    expect(out.slice).to.deep.equal([[2, 3]]);
    expect(out.crossEntropy).to.equal(0.4076);
    expect(out.grad).to.deep.equal([2, 4]);
    // Three Adam steps from zero weights move each weight by about 0.3 (lr 0.1, same sign).
    expect(out.adamWeight[0].every((w) => w > 0.25 && w < 0.35)).to.equal(true);
    expect(out.loadedWeight).to.deep.equal(out.adamWeight);
    expect(out.loadStateDict).to.deep.equal([[[3, 4]], [5]]);
    expect(out.loader).to.deep.equal([[[1, 2, 3], [4, 5, 6]]]);
    expect(out.rand).to.equal(true);
  });
});
