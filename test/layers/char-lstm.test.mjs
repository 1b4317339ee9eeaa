// examples/char-lstm.mjs, run as it is (importing it trains the LSTM on data/tiny-text.txt
// and continues a prompt). Bounds against torch 1.13 on the same recipe, the same batches
// (tools/reference/char_lstm.py, five seeds of the initialisation; figures in BOUNDS below).
// The whole run is deterministic: the same numbers in every runtime.
import { expect } from 'chai';
import { agreement } from '../helpers/text_agreement.mjs';

// torch 1.13, seeds 0–4: mean training loss of the last 20 steps 0.2481 0.2445 0.2563 0.2578
// 0.2416; loss over the whole text read once 0.0449 0.0445 0.0517 0.0612 0.0381; greedy
// next-character accuracy 0.9927 0.9941 0.9913 0.9909 0.9945; the greedy continuation of the
// prompt (120 characters) holds a stretch found verbatim in the text of 99, 120, 120, 120, 102
// characters, and every complete word of it is a word of the text. The bounds sit a little
// beyond torch's worst seed.
const BOUNDS = { lastLoss: 0.3, wholeLoss: 0.08, accuracy: 0.985, verbatim: 90, knownWords: 1 };

describe('examples/char-lstm: a character-level LSTM continues a short text', function () {
  this.timeout(120000);

  it('learns the text as torch does on the same recipe, and continues a prompt with the text\'s words', async () => {
    const { recipe, result, text, prompt, continuation } = await import('../../examples/char-lstm.mjs');
    expect(recipe).to.include({ steps: 300, seqLength: 32, batchSize: 32, hidden: 128, clip: 1 });
    expect(text.length).to.equal(2191);
    expect(result.vocab.length).to.equal(36);
    expect(result.losses[0]).to.be.above(3); // ln 36 ≈ 3.58 at the start
    expect(result.lastLoss).to.be.below(BOUNDS.lastLoss);
    expect(result.wholeLoss).to.be.below(BOUNDS.wholeLoss);
    expect(result.accuracy).to.be.at.least(BOUNDS.accuracy);
    const { longest, knownWords } = agreement(text, continuation);
    console.log(`      ${prompt}|${continuation.replace(/\n/g, '⏎')}`);
    expect(continuation).to.have.length(120);
    expect(continuation.startsWith(' met at the bottom '), 'continues the prompt as the text does').to.equal(true);
    expect(longest, 'longest stretch found verbatim in the text').to.be.at.least(BOUNDS.verbatim);
    expect(knownWords, 'share of the words that are the text\'s').to.be.at.least(BOUNDS.knownWords);
  });
});
