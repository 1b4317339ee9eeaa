// The three layer examples in workerd, on their full recipes (test/runtimes/examples-worker.mjs:
// one workerd process, one request per example; the text bundled into the worker as a string),
// with the same bounds as in Node and Chromium (test/helpers/example_checks.mjs, established
// against torch 1.13 on the same recipes), and the same bits as in Node: every figure equals
// the Node run's (test/runtimes/examples-run.mjs; shared with test/layers/ in one mocha process).
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, requireRuntime } from '../runtimes/locate.mjs';
import { startWorker } from '../runtimes/workerd.mjs';
import { exampleFigures } from '../runtimes/examples-run.mjs';
import { expectCharLstm, expectCharTransformer, expectCnnDigits } from '../helpers/example_checks.mjs';

describe('the layer examples in workerd (a worker with the text bundled, init(kernels))', function () {
  this.timeout(180000);
  const text = readFileSync(join(ROOT, 'data/tiny-text.txt'), 'utf8');
  let worker = null;

  before(async function () {
    const workerd = requireRuntime(this, 'workerd');
    worker = await startWorker(workerd.path, join(ROOT, 'test/runtimes/examples-worker.mjs'), undefined, { '.txt': 'text' });
  });

  after(async () => worker?.stop());

  /** The example's figures from workerd, checked to be bit for bit Node's. */
  async function run(example) {
    const response = await fetch(`${worker.url}/${example}`);
    const body = await response.json();
    expect(response.status, `${example} in workerd: ${body.error}\n${worker.output()}`).to.equal(200);
    expect(body.figures, `${example}: workerd's figures are Node's`).to.deep.equal(exampleFigures(example, text));
    return body;
  }

  it('examples/cnn-digits: at least 98.5 % test accuracy, the same bits as in Node', async () => {
    const { figures, lines } = await run('cnn-digits');
    expect(lines.at(-1)).to.match(/^test accuracy: .*% on 450 images$/);
    expectCnnDigits(figures);
  });

  it('examples/char-lstm: learns the text and continues the prompt, the same bits as in Node', async () => {
    const { figures } = await run('char-lstm');
    expectCharLstm(figures, text);
  });

  it('examples/char-transformer: learns the text and continues the prompt, the same bits as in Node', async () => {
    const { figures } = await run('char-transformer');
    expectCharTransformer(figures, text);
  });

  it('answers 404 for an example it does not have', async () => {
    const response = await fetch(`${worker.url}/mlp-digits`);
    expect(response.status).to.equal(404);
    expect((await response.json()).error).to.include('no example at');
  });
});
