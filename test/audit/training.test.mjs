// The independent torch 1.13 check (issue 15): short training runs, the same steps as torch from
// torch's initial weights on the same data — a small CNN (conv, batch norm, max pool; Adam), a
// 2-layer LSTM language model (embedding, clipGradNorm; AdamW) and a 2-layer pre-norm transformer
// encoder (gelu; SGD with momentum). The loss at every one of the 15 steps, and every parameter
// and buffer at the end, must be torch's. Cases: tools/reference/audit_training.py.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import cases from '../fixtures/audit_training.mjs';
import { buildModule, decode } from './sweep.mjs';
import { expectClose } from '../helpers/assert.mjs';

const nn = d.nn;
const F = nn.functional;

/** The loss of each model kind, as tools/reference/audit_training.py's loss_of. */
function lossOf(kind, model, x, y) {
  if (kind === 'cnn') return F.crossEntropy(model.forward(x), y);
  if (kind === 'lstm') {
    const [out] = model.get('lstm').forward(model.get('embed').forward(x));
    const logits = model.get('head').forward(out);
    return F.crossEntropy(logits.reshape([-1, logits.shape[2]]), y.reshape([-1]));
  }
  return F.mseLoss(model.get('head').forward(model.get('encoder').forward(x).mean(1)), y);
}

describe('torch sweep: training runs from torch\'s weights follow torch\'s losses', () => {
  for (const c of cases) {
    it(c.name, () => d.tidy(() => {
      const model = buildModule(c.model);
      expect(Object.keys(d.tidy(() => model.stateDict())), 'state dict keys').to.deep.equal(Object.keys(c.stateDict));
      model.loadStateDict(Object.fromEntries(Object.entries(c.stateDict).map(([k, e]) => [k, d.tensor(Float32Array.from(e.data), { shape: e.shape })])));
      const x = decode(c.x, []);
      const y = decode(c.y, []);
      const params = model.parameters();
      const optimizer = new d.optim[c.optimizer](params, c.opts);
      model.train();
      const losses = [];
      for (let step = 0; step < c.losses.length; step++) {
        losses.push(d.tidy(() => {
          optimizer.zeroGrad();
          const loss = lossOf(c.kind, model, x, y);
          loss.backward();
          if (c.clip !== null) nn.utils.clipGradNorm(params, c.clip);
          optimizer.step();
          return loss.item();
        }));
      }
      expectClose(losses, c.losses, { rtol: 1e-4, atol: 1e-6, what: `${c.name}: loss per step` });
      const final = model.stateDict();
      for (const [k, e] of Object.entries(c.final)) {
        expectClose(final[k].toFloat32Array(), e.data, { rtol: 1e-3, atol: 1e-4, what: `${c.name}: ${k} after ${c.losses.length} steps` });
      }
      optimizer.dispose?.();
      model.dispose();
    }));
  }
});
