// examples/char-transformer.mjs on its full recipe: trains the transformer on
// data/tiny-text.txt (read from disk in Node, fetched in a page) and continues a prompt. Bounds
// against torch 1.13 on the same recipe and the same batches in test/helpers/example_checks.mjs.
// This file runs in Node and, in the browser run of the suite, in Chromium; workerd runs the
// same check (examples-workerd). The whole run is deterministic: the same numbers everywhere.
import { exampleFigures } from '../runtimes/examples-run.mjs';
import { expectCharTransformer, repositoryText } from '../helpers/example_checks.mjs';

describe('examples/char-transformer: a tiny causal transformer continues a short text', function () {
  this.timeout(180000);

  it('learns the text as torch does on the same recipe, and continues a prompt with the text\'s words', async () => {
    const text = await repositoryText('data/tiny-text.txt');
    const figures = exampleFigures('char-transformer', text);
    console.log(`      The three walkers|${figures.continuation.replace(/\n/g, '⏎')}`);
    expectCharTransformer(figures, text);
  });
});
