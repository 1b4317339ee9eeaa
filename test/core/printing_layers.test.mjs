// Layer modules print as torch 1.13 prints them (test/fixtures/printing_layers.mjs, written by
// tools/reference/printing_layers.py): conv, pooling, normalisation, embedding, recurrent.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import torch from '../fixtures/printing_layers.mjs';

function build([cls, args, opts]) {
  return opts === null ? new d.nn[cls](...args) : new d.nn[cls](...args, opts);
}

describe('printing layer modules as torch', () => {
  torch.cases.forEach((c) => {
    it(c.repr, () => {
      const m = build([c.cls, c.args, c.opts]);
      try {
        expect(String(m)).to.equal(c.repr);
        expect(m.toString()).to.equal(c.repr);
      } finally {
        m.dispose?.();
      }
    });
  });

  it('a Sequential of several layers', () => {
    const m = new d.nn.Sequential(...torch.sequential.children.map(build));
    try {
      expect(String(m)).to.equal(torch.sequential.repr);
    } finally {
      m.dispose?.();
    }
  });
});
