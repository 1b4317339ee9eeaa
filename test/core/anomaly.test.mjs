import { expect } from 'chai';
import * as d from '../../dist/index.js';

describe('anomaly mode', () => {
  afterEach(() => d.anomalyMode(false));

  it('is off by default: a NaN flows through without an error', () => {
    const out = d.tidy(() => d.tensor([-1, 1]).log().sum().item());
    expect(Number.isNaN(out)).to.equal(true);
  });

  it('names the first op whose forward output turns non-finite', () => {
    d.anomalyMode(true);
    const x = d.tensor([1, -1, 2], { requiresGrad: true });
    let caught;
    try {
      d.tidy(() => x.mul(2).log().mul(3).sum());
    } catch (e) {
      caught = e;
    }
    expect(caught, 'an error').to.be.instanceOf(d.AnomalyError);
    expect(caught.op).to.equal('log');
    expect(caught.phase).to.equal('forward');
    expect(caught.message).to.match(/log produced 1 NaN\/Infinity/);
    x.dispose();
  });

  it('does not blame ops that only propagate an earlier NaN', () => {
    const x = d.tensor([NaN, 1]);
    d.anomalyMode(true);
    const y = d.tidy(() => x.mul(2).add(1).toArray());
    expect(Number.isNaN(y[0])).to.equal(true);
    x.dispose();
  });

  it('names the op whose backward produced a non-finite gradient', () => {
    d.anomalyMode(true);
    const x = d.tensor([0, 4], { requiresGrad: true });
    let caught;
    try {
      d.tidy(() => x.pow(0.5).sum().backward());
    } catch (e) {
      caught = e;
    }
    expect(caught).to.be.instanceOf(d.AnomalyError);
    expect(caught.phase).to.equal('backward');
    expect(caught.op).to.equal('pow');
    expect(x.grad, 'no gradient is delivered').to.equal(null);
    x.dispose();
  });

  it('refuses a non-boolean switch', () => {
    expect(() => d.anomalyMode('yes')).to.throw(TypeError, /anomalyMode: on must be a boolean/);
  });
});
