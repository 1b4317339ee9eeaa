// The bounds the layer examples must reach, established against torch 1.13 on the same recipes
// (tools/reference/cnn_digits.py, char_lstm.py, char_transformer.py, five seeds each), asserted
// on the figures of test/runtimes/examples-run.mjs wherever they were computed: in Node and in
// Chromium (test/layers/*.test.mjs, which the browser run of the suite imports too) and in
// workerd (test/node/examples-workerd.test.mjs).
import { expect } from 'chai';
import { agreement } from './text_agreement.mjs';

// cnn-digits: torch's test accuracies on the same recipe, seeds 0–4 of split, initialisation and
// shuffling: 0.9933, 0.9889, 0.9911, 0.9911, 0.9911 — mean 0.9911, min 0.9889. The issue asks
// ≥ 0.985, below torch's worst seed.
export const CNN_BOUNDS = { accuracy: 0.985 };

// char-lstm, torch seeds 0–4 of the initialisation on the same batches: mean training loss of
// the last 20 steps 0.2481 0.2445 0.2563 0.2578 0.2416; loss over the whole text read once 0.0449
// 0.0445 0.0517 0.0612 0.0381; greedy next-character accuracy 0.9927 0.9941 0.9913 0.9909 0.9945;
// the greedy continuation of the prompt (120 characters) holds a stretch found verbatim in the
// text of 99, 120, 120, 120, 102 characters, and every complete word of it is a word of the
// text. The bounds sit a little beyond torch's worst seed.
export const LSTM_BOUNDS = { lastLoss: 0.3, wholeLoss: 0.08, accuracy: 0.985, verbatim: 90, knownWords: 1 };

// char-transformer, torch seeds 0–4 on the same batches: mean training loss of the last 20 steps
// 0.6673 0.6865 0.6746 0.7233 0.6019; loss over the whole text in windows of 32 0.6041 0.6211
// 0.6288 0.6542 0.5553; greedy next-character accuracy 0.7987 0.7973 0.7881 0.7817 0.8171; the
// greedy continuation (120 characters) holds a stretch found verbatim in the text of 19, 28, 16,
// 15, 14 characters, and 65–88 % of its complete words are words of the text. The bounds sit a
// little beyond torch's worst seed (descent, seed 0: 0.7554, 0.7006, 0.7716 — its worst seed of
// five; seeds 10, 20, 30, 40: last-20 loss 0.6079–0.7063, whole text 0.5746–0.6059, accuracy
// 0.7937–0.8107, inside torch's spread).
export const TRANSFORMER_BOUNDS = { lastLoss: 0.8, wholeLoss: 0.72, accuracy: 0.75, verbatim: 12, knownWords: 0.5 };

export function expectCnnDigits(f) {
  expect(f.recipe.epochs).to.equal(15);
  expect(f.testImages).to.equal(450);
  expect(f.accuracy).to.be.at.least(CNN_BOUNDS.accuracy);
}

export function expectCharLstm(f, text) {
  expect(f.recipe).to.include({ steps: 300, seqLength: 32, batchSize: 32, hidden: 128, clip: 1 });
  expectTextFigures(f, text, LSTM_BOUNDS);
  expect(f.continuation.startsWith(' met at the bottom '), 'continues the prompt as the text does').to.equal(true);
}

export function expectCharTransformer(f, text) {
  expect(f.recipe).to.include({ steps: 500, context: 32, batchSize: 16, dModel: 32, heads: 4, layers: 2, lr: 1e-2 });
  expectTextFigures(f, text, TRANSFORMER_BOUNDS);
}

function expectTextFigures(f, text, bounds) {
  expect(f.textLength).to.equal(2191);
  expect(f.vocabSize).to.equal(36);
  expect(f.steps).to.equal(f.recipe.steps);
  expect(f.firstLoss).to.be.above(3); // ln 36 ≈ 3.58 at the start
  expect(f.lastLoss).to.be.below(bounds.lastLoss);
  expect(f.wholeLoss).to.be.below(bounds.wholeLoss);
  expect(f.accuracy).to.be.at.least(bounds.accuracy);
  const { longest, knownWords } = agreement(text, f.continuation);
  expect(f.continuation).to.have.length(120);
  expect(longest, 'longest stretch found verbatim in the text').to.be.at.least(bounds.verbatim);
  expect(knownWords, 'share of the words that are the text\'s').to.be.at.least(bounds.knownWords);
}

/** A file of the repository as text: from the file system under Node, fetched in a page. */
export async function repositoryText(path) {
  const url = new URL(`../../${path}`, import.meta.url);
  if (url.protocol === 'file:') return globalThis.process.getBuiltinModule('node:fs').readFileSync(url, 'utf8');
  return (await fetch(url)).text();
}
