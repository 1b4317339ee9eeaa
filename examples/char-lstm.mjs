// A character-level LSTM that learns to continue a short text (data/tiny-text.txt, 2.2 KB,
// written for this project): each character is embedded (16 numbers), an LSTM with 128 hidden
// units reads the sequence and a linear layer predicts the next character. Adam with learning
// rate 0.01, gradients clipped to norm 1 (nn.utils.clipGradNorm) — recurrent networks need
// it — for 300 steps of 32 windows of 32 characters, whose start positions follow a fixed
// arithmetic schedule (no random numbers, so torch can run the very same batches:
// tools/reference/char_lstm.py). Then it reads the whole text once and continues a prompt,
// always choosing the most likely next character.
//
//   node examples/char-lstm.mjs        (Node ≥ 20.16; bun alike; deno run --allow-read)
//
// Run as a program, the file reads the text from the repository. Imported as a module, it
// trains nothing and reads no file: call charLstmExample(text) with the text however you got
// it — fetched in a page, bundled as a string in workerd (as test/runtimes/examples-worker.mjs
// does, after d.init(kernels)). The test suite does that in Node, in Chromium and in workerd
// (test/layers/char-lstm.test.mjs, test/node/examples-workerd.test.mjs).
import * as d from 'descent-ml';

const nn = d.nn;
export const recipe = { steps: 300, seqLength: 32, batchSize: 32, embedding: 16, hidden: 128, lr: 1e-2, clip: 1, stride: 613, seed: 0 };

/** The characters of the text, sorted, and the text as indices into them. */
export function encode(text) {
  const vocab = [...new Set(text)].sort();
  const ids = Int32Array.from(text, (c) => vocab.indexOf(c));
  return { vocab, ids };
}

/** Embedding → LSTM → Linear, as three modules; forward(ids, T, state) → [logits [T·B, V], state]. */
export function charLstm(vocabSize, { embedding, hidden, seed }) {
  const embed = new nn.Embedding(vocabSize, embedding, { seed });
  const lstm = new nn.LSTM(embedding, hidden, { seed: seed + 1 });
  const head = new nn.Linear(hidden, vocabSize, { seed: seed + 2 });
  const modules = [embed, lstm, head];
  return {
    parameters: () => modules.flatMap((m) => m.parameters()),
    dispose: () => modules.forEach((m) => m.dispose()),
    /** ids: Int32Array of T·B indices, time-major ([T, B]). */
    forward(ids, T, state = null) {
      const x = embed.forward(ids).reshape([T, ids.length / T, -1]);
      const [out, next] = lstm.forward(x, state);
      return [head.forward(out.reshape([ids.length, -1])), next];
    },
  };
}

/** Start positions of batch `step`: (step·B + b)·stride mod (N − T), the same in torch's script. */
export function batchStarts(step, { batchSize, seqLength, stride }, n) {
  const span = n - seqLength;
  return Array.from({ length: batchSize }, (_, b) => ((step * batchSize + b) * stride) % span);
}

export function trainCharLstm(text, r = recipe, log = console.log) {
  const { vocab, ids } = encode(text);
  const T = r.seqLength;
  const B = r.batchSize;
  const model = charLstm(vocab.length, r);
  const params = model.parameters();
  const optimizer = new d.optim.Adam(params, { lr: r.lr });
  const x = new Int32Array(T * B);
  const y = new Int32Array(T * B);
  const losses = [];
  for (let step = 0; step < r.steps; step++) {
    batchStarts(step, r, ids.length).forEach((s, b) => {
      for (let t = 0; t < T; t++) {
        x[t * B + b] = ids[s + t];
        y[t * B + b] = ids[s + t + 1];
      }
    });
    losses.push(d.tidy(() => {
      optimizer.zeroGrad();
      const loss = nn.functional.crossEntropy(model.forward(x, T)[0], y);
      loss.backward();
      nn.utils.clipGradNorm(params, r.clip);
      optimizer.step();
      return loss.item();
    }));
    if ((step + 1) % 50 === 0) log(`step ${String(step + 1).padStart(3)}  loss ${losses[step].toFixed(4)}`);
  }
  // The whole text read once, as one sequence: its loss and greedy next-character accuracy.
  const { wholeLoss, accuracy } = d.noGrad(() => d.tidy(() => {
    const [logits] = model.forward(ids.subarray(0, ids.length - 1), ids.length - 1);
    const target = ids.subarray(1);
    const predicted = logits.argmax(1).toFloat32Array();
    return { wholeLoss: nn.functional.crossEntropy(logits, target).item(), accuracy: d.metrics.accuracy(Int32Array.from(predicted), target) };
  }));
  const lastLoss = losses.slice(-20).reduce((a, b) => a + b, 0) / 20;
  log(`last 20 steps' loss ${lastLoss.toFixed(4)}; the whole text: loss ${wholeLoss.toFixed(4)}, next-character accuracy ${(100 * accuracy).toFixed(1)}%`);
  return { model, vocab, losses, lastLoss, wholeLoss, accuracy };
}

/** Feeds `prompt`, then appends `length` characters, each the most likely one after the last. */
export function continueText(model, vocab, prompt, length) {
  return d.noGrad(() => {
    let state = null;
    let next = Int32Array.from(prompt, (c) => {
      const i = vocab.indexOf(c);
      if (i < 0) throw new RangeError(`continueText: the prompt's character ${JSON.stringify(c)} is not in the text`);
      return i;
    });
    let out = '';
    for (let k = 0; k < length; k++) {
      const [id, s] = d.tidy(() => {
        const [logits, [h, c]] = model.forward(next, next.length, state);
        const last = logits.slice([next.length - 1, 0], [1, vocab.length]);
        return [last.argmax(1).toFloat32Array()[0], [d.keep(h), d.keep(c)]];
      });
      state?.forEach((t) => t.dispose());
      state = s;
      out += vocab[id];
      next = Int32Array.of(id);
    }
    state?.forEach((t) => t.dispose());
    return out;
  });
}

export const prompt = 'The three walkers';

/** The whole example: trains on `text`, then continues the prompt by 120 characters. */
export function charLstmExample(text, log = console.log) {
  const result = trainCharLstm(text, recipe, log);
  const continuation = continueText(result.model, result.vocab, prompt, 120);
  log(`${prompt}|${continuation}`);
  return { result, continuation };
}

// Run as a program (node, deno or bun examples/char-lstm.mjs): the text from the repository.
const isProgram = import.meta.main ?? (import.meta.filename !== undefined && import.meta.filename === globalThis.process?.argv?.[1]);
if (isProgram) {
  const { readFileSync } = globalThis.process.getBuiltinModule('node:fs');
  charLstmExample(readFileSync(new URL('../data/tiny-text.txt', import.meta.url), 'utf8')).result.model.dispose();
}
