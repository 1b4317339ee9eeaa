// Runs the three layer examples (examples/cnn-digits.mjs, char-lstm.mjs, char-transformer.mjs)
// on their full recipes and returns their figures as plain JSON, the same bits in every runtime:
// the Node and Chromium tests (test/layers/) and the workerd worker (examples-worker.mjs) call
// these, and test/helpers/example_checks.mjs asserts the bounds established against torch 1.13.
import { recipe as cnnRecipe, trainCnnDigits } from '../../examples/cnn-digits.mjs';
import { charLstmExample, recipe as lstmRecipe } from '../../examples/char-lstm.mjs';
import { charTransformerExample, recipe as transformerRecipe } from '../../examples/char-transformer.mjs';

/** Each example by name: (text, log) → its figures (the CNN ignores the text). */
export const EXAMPLES = {
  'cnn-digits': (text, log) => ({ recipe: cnnRecipe, ...trainCnnDigits(cnnRecipe, log) }),
  'char-lstm': (text, log) => {
    const { result, continuation } = charLstmExample(text, log);
    result.model.dispose();
    return { recipe: lstmRecipe, ...textFigures(text, result.vocab, result), continuation };
  },
  'char-transformer': (text, log) => {
    const { result, continuation } = charTransformerExample(text, log);
    result.model.dispose();
    return { recipe: transformerRecipe, ...textFigures(text, result.chars, result), continuation };
  },
};

function textFigures(text, vocab, { losses, lastLoss, wholeLoss, accuracy }) {
  return { textLength: text.length, vocabSize: vocab.length, steps: losses.length, firstLoss: losses[0], lastLoss, wholeLoss, accuracy };
}

const computed = new Map();

/**
 * The figures of example `name` in this realm, computed on the first call only: the Node tests
 * (test/layers/) and the workerd test, which compares workerd's figures with Node's bit for bit,
 * share one run per example when mocha runs them in one process.
 */
export function exampleFigures(name, text = '') {
  if (!computed.has(name)) computed.set(name, EXAMPLES[name](text, () => {}));
  return computed.get(name);
}
