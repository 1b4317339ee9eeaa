// The layer examples run as programs (`node examples/x.mjs`): the guard that makes an imported
// example train nothing must still let the program train, and the program reads its text from
// the repository itself. Two of the three, to keep the suite short (the CNN: no text; the
// transformer: the text read from data/); each must print what the same run gives in this
// process (test/runtimes/examples-run.mjs — the Node tests' figures when mocha runs them first).
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../runtimes/locate.mjs';
import { exampleFigures } from '../runtimes/examples-run.mjs';

function runProgram(file) {
  const run = spawnSync(process.execPath, [join(ROOT, 'examples', file)], { cwd: ROOT, encoding: 'utf8', timeout: 170000 });
  expect(run.status, `node examples/${file}:\n${run.stderr}`).to.equal(0);
  return run.stdout;
}

describe('the layer examples as programs (node examples/…)', function () {
  this.timeout(180000);

  it('examples/cnn-digits.mjs trains and prints the test accuracy of this process\'s run', () => {
    const out = runProgram('cnn-digits.mjs');
    const { accuracy } = exampleFigures('cnn-digits');
    expect(out).to.include(`epoch 15  loss `);
    expect(out.endsWith(`test accuracy: ${(100 * accuracy).toFixed(1)}% on 450 images\n`), out).to.equal(true);
  });

  it('examples/char-transformer.mjs reads data/tiny-text.txt, trains and prints this process\'s continuation', () => {
    const out = runProgram('char-transformer.mjs');
    const text = readFileSync(join(ROOT, 'data/tiny-text.txt'), 'utf8');
    const { continuation, wholeLoss } = exampleFigures('char-transformer', text);
    expect(out).to.include(`the whole text: loss ${wholeLoss.toFixed(4)}`);
    expect(out.endsWith(`The three walkers|${continuation}\n`), out).to.equal(true);
  });
});
