// examples/cnn-digits.mjs, run as it is (importing it trains the network): the test accuracy
// on its stratified 25 % split must reach 98.5 %. The bound against torch 1.13 on the same
// recipe (tools/reference/cnn_digits.py, five seeds of split, initialisation and shuffling):
// test accuracies 0.9933, 0.9889, 0.9911, 0.9911, 0.9911 — mean 0.9911, min 0.9889. The
// issue asks ≥ 0.985, below torch's worst seed.
import { expect } from 'chai';

describe('examples/cnn-digits: a CNN on the digits as 1×8×8 images', function () {
  this.timeout(120000);

  it('reaches at least 98.5 % test accuracy (torch on the same recipe: 98.9–99.3 %)', async () => {
    const { result, recipe } = await import('../../examples/cnn-digits.mjs');
    expect(recipe.epochs).to.equal(15);
    expect(result.testImages).to.equal(450);
    expect(result.accuracy).to.be.at.least(0.985);
  });
});
