import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { expectClose } from '../helpers/assert.mjs';

describe('engine smoke', () => {
  it('is ready when the import resolves and multiplies matrices', () => {
    const a = d.tensor([[1, 2, 3], [4, 5, 6]]);
    const b = d.tensor([[1, 2], [3, 4], [5, 6]]);
    const c = a.matmul(b);
    expect(c.shape).to.deep.equal([2, 2]);
    expectClose(c.toArray(), [[22, 28], [49, 64]]);
    for (const t of [a, b, c]) t.dispose();
  });

  it('back-propagates through matmul and a sum of squares', () => {
    const a = d.tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
    const b = d.tensor([[1, 2], [3, 4], [5, 6]], { requiresGrad: true });
    const loss = d.tidy(() => {
      const c = a.matmul(b);
      const l = c.mul(c).sum();
      l.backward();
      return l;
    });
    expect(loss.item()).to.equal(22 * 22 + 28 * 28 + 49 * 49 + 64 * 64);
    // dL/dA = 2·C·Bᵀ
    expectClose(a.grad.toArray(), [[156, 356, 556], [354, 806, 1258]]);
    expectClose(b.grad.toArray(), [[436, 568], [578, 752], [720, 936]]);
  });
});
