// d.getRngState() / d.setRngState(state) (torch.get_rng_state / set_rng_state) and the same
// on a d.Generator: a round trip repeats every draw that follows; a bad state changes nothing.
import { expect } from 'chai';
import * as d from '../../dist/index.js';

/** Draws from the global generator through several paths, as plain numbers. */
function draws() {
  return d.tidy(() => {
    const u = d.rand([5]).toArray();
    const n = d.randn([2, 3]).toArray();
    const loader = new d.data.DataLoader({ x: d.zeros([7, 1]) }, { batchSize: 7, shuffle: true });
    const order = Array.from(loader.order());
    const dropped = new d.nn.Dropout(0.5).forward(d.ones([8])).toArray();
    return { u, n, order, dropped };
  });
}

describe('random state', () => {
  it('setRngState(getRngState()) repeats the draws that follow, through JSON too', () => {
    d.manualSeed(123);
    draws();
    const state = d.getRngState();
    expect(state).to.have.length(4);
    expect(state.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32)).to.equal(true);
    const first = draws();
    const second = draws();
    expect(second).not.to.deep.equal(first);
    d.setRngState(JSON.parse(JSON.stringify(state)));
    expect(draws()).to.deep.equal(first);
    expect(draws()).to.deep.equal(second);
    // getRngState returns a copy: changing it does not change the generator.
    const copy = d.getRngState();
    copy[0] ^= 1;
    expect(d.getRngState()).not.to.deep.equal(copy);
  });

  it('is the state manualSeed sets: the same seed, the same state', () => {
    d.manualSeed(9);
    const a = d.getRngState();
    d.rand([3]).dispose();
    d.manualSeed(9);
    expect(d.getRngState()).to.deep.equal(a);
    d.manualSeed(10);
    expect(d.getRngState()).not.to.deep.equal(a);
  });

  it('refuses a bad state whole, changing nothing', () => {
    d.manualSeed(1);
    const state = d.getRngState();
    const bad = [[1, 2, 3], [1, 2, 3, 2 ** 32], [1, 2, 3, -1], [1, 2, 3, 0.5], [0, 0, 0, 0], 'abc', null, { 0: 1, 1: 2, 2: 3, 3: 4, length: 4 }];
    for (const s of bad) {
      expect(() => d.setRngState(s), JSON.stringify(s)).to.throw(RangeError, 'setRngState: ');
      expect(d.getRngState()).to.deep.equal(state);
    }
    expect(() => d.setRngState(state, 1)).to.throw(TypeError, 'expected at most 1 argument');
  });

  it('a Generator has the same pair: getRngState/setRngState (= getState/setState)', () => {
    const g = new d.Generator(5);
    const s = g.getRngState();
    expect(s).to.deep.equal(g.getState());
    const a = [g.uniform(), g.int(100), Array.from(g.permutation(6))];
    g.setRngState(s);
    expect([g.uniform(), g.int(100), Array.from(g.permutation(6))]).to.deep.equal(a);
    expect(() => g.setRngState([0, 0, 0, 0])).to.throw(RangeError, 'Generator.setRngState: the all-zero state');
    // A generator's state is its own: the global one is untouched.
    const global = d.getRngState();
    g.setRngState([1, 2, 3, 4]);
    expect(d.getRngState()).to.deep.equal(global);
    g.dispose();
  });
});
