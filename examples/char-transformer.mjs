// A tiny causal transformer that learns to continue a short text (data/tiny-text.txt, 2.2 KB,
// written for this project), one character at a time: each character of a 32-character window
// is embedded (32 numbers) plus a learned position embedding, two pre-norm encoder layers
// (4 heads, feed-forward 64) with causal self-attention — each position sees itself and the
// ones before it, never the next — a final LayerNorm, and a linear layer predicting the next
// character at every position. Adam with learning rate 0.01 for 500 steps of 16 windows, whose
// start positions follow a fixed arithmetic schedule (no random numbers, so torch runs the very
// same batches: tools/reference/char_transformer.py). Then it scores the whole text in windows
// and continues a prompt, always choosing the most likely next character.
//
//   node examples/char-transformer.mjs        (Node ≥ 20.16; bun alike; deno run --allow-read)
//
// Run as a program, the file reads the text from the repository. Imported as a module, it
// trains nothing and reads no file: call charTransformerExample(text) with the text however you
// got it — fetched in a page, bundled as a string in workerd (as test/runtimes/examples-worker.mjs
// does, after d.init(kernels)). The test suite does that in Node, in Chromium and in workerd
// (test/layers/char-transformer.test.mjs, test/node/examples-workerd.test.mjs).
import * as d from 'descent-ml';

const nn = d.nn;
export const recipe = { steps: 500, context: 32, batchSize: 16, dModel: 32, heads: 4, feedforward: 64, layers: 2, lr: 1e-2, stride: 613, seed: 0 };

/** The characters of the text, sorted, and the text as indices into them. */
export function vocabulary(text) {
  const chars = [...new Set(text)].sort();
  return { chars, ids: Int32Array.from(text, (c) => chars.indexOf(c)) };
}

/** Token + position embeddings → TransformerEncoder (causal) → LayerNorm → Linear. */
export function charTransformer(vocabSize, r) {
  const { context, dModel, heads, feedforward, layers, seed } = r;
  const embed = new nn.Embedding(vocabSize, dModel, { seed });
  const position = new nn.Embedding(context, dModel, { seed: seed + 1 });
  const layer = new nn.TransformerEncoderLayer(dModel, heads, { dimFeedforward: feedforward, dropout: 0, batchFirst: true, normFirst: true, seed: seed + 2 });
  const encoder = new nn.TransformerEncoder(layer, layers, { norm: new nn.LayerNorm(dModel) });
  layer.dispose(); // the encoder holds copies
  const head = new nn.Linear(dModel, vocabSize, { seed: seed + 3 });
  const modules = [embed, position, encoder, head];
  return {
    parameters: () => modules.flatMap((m) => m.parameters()),
    dispose: () => modules.forEach((m) => m.dispose()),
    /** ids: Int32Array of B·T indices, window after window ([B, T]) → logits [B·T, V]. */
    forward(ids, T) {
      const B = ids.length / T;
      const x = embed.forward(ids).reshape([B, T, dModel]).add(position.forward(Int32Array.from({ length: T }, (_, i) => i)));
      const h = encoder.forward(x, { isCausal: true });
      return head.forward(h.reshape([B * T, dModel]));
    },
  };
}

/** Start positions of batch `step`: (step·B + b)·stride mod (N − T), as torch's script. */
export function windowStarts(step, { batchSize, context, stride }, n) {
  return Array.from({ length: batchSize }, (_, b) => ((step * batchSize + b) * stride) % (n - context));
}

/** Inputs and next-character targets of the windows starting at `starts`. */
function windows(ids, starts, T) {
  const x = new Int32Array(starts.length * T);
  const y = new Int32Array(starts.length * T);
  starts.forEach((s, b) => {
    x.set(ids.subarray(s, s + T), b * T);
    y.set(ids.subarray(s + 1, s + T + 1), b * T);
  });
  return { x, y };
}

export function trainCharTransformer(text, r = recipe, log = console.log) {
  const { chars, ids } = vocabulary(text);
  const T = r.context;
  const model = charTransformer(chars.length, r);
  const optimizer = new d.optim.Adam(model.parameters(), { lr: r.lr });
  const losses = [];
  for (let step = 0; step < r.steps; step++) {
    const { x, y } = windows(ids, windowStarts(step, r, ids.length), T);
    losses.push(d.tidy(() => {
      optimizer.zeroGrad();
      const loss = nn.functional.crossEntropy(model.forward(x, T), y);
      loss.backward();
      optimizer.step();
      return loss.item();
    }));
    if ((step + 1) % 100 === 0) log(`step ${String(step + 1).padStart(3)}  loss ${losses[step].toFixed(4)}`);
  }
  // The whole text in consecutive windows of T: the loss and greedy next-character accuracy.
  const count = Math.floor((ids.length - 1) / T);
  const { x, y } = windows(ids, Array.from({ length: count }, (_, i) => i * T), T);
  const { wholeLoss, accuracy } = d.noGrad(() => d.tidy(() => {
    const logits = model.forward(x, T);
    const predicted = Int32Array.from(logits.argmax(1).toFloat32Array());
    return { wholeLoss: nn.functional.crossEntropy(logits, y).item(), accuracy: d.metrics.accuracy(predicted, y) };
  }));
  const lastLoss = losses.slice(-20).reduce((a, b) => a + b, 0) / 20;
  log(`last 20 steps' loss ${lastLoss.toFixed(4)}; the whole text: loss ${wholeLoss.toFixed(4)}, next-character accuracy ${(100 * accuracy).toFixed(1)}%`);
  return { model, chars, losses, lastLoss, wholeLoss, accuracy };
}

/** Appends `length` characters to `prompt`, each the most likely after the last T characters. */
export function continueText(model, chars, prompt, length, T = recipe.context) {
  const ids = Array.from(prompt, (c) => {
    const i = chars.indexOf(c);
    if (i < 0) throw new RangeError(`continueText: the prompt's character ${JSON.stringify(c)} is not in the text`);
    return i;
  });
  let out = '';
  d.noGrad(() => {
    for (let k = 0; k < length; k++) {
      const window = Int32Array.from(ids.slice(-T));
      const next = d.tidy(() => {
        const logits = model.forward(window, window.length);
        return logits.slice([window.length - 1, 0], [1, chars.length]).argmax(1).toFloat32Array()[0];
      });
      ids.push(next);
      out += chars[next];
    }
  });
  return out;
}

export const prompt = 'The three walkers';

/** The whole example: trains on `text`, then continues the prompt by 120 characters. */
export function charTransformerExample(text, log = console.log) {
  const result = trainCharTransformer(text, recipe, log);
  const continuation = continueText(result.model, result.chars, prompt, 120);
  log(`${prompt}|${continuation}`);
  return { result, continuation };
}

// Run as a program (node, deno or bun examples/char-transformer.mjs): the text from the repository.
const isProgram = import.meta.main ?? (import.meta.filename !== undefined && import.meta.filename === globalThis.process?.argv?.[1]);
if (isProgram) {
  const { readFileSync } = globalThis.process.getBuiltinModule('node:fs');
  charTransformerExample(readFileSync(new URL('../data/tiny-text.txt', import.meta.url), 'utf8')).result.model.dispose();
}
