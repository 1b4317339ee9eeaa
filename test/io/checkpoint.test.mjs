import { expect } from 'chai';
import * as d from '../../dist/index.js';

function bitsOf(params) {
  return params.map((p) => Array.from(new Uint32Array(p.toFloat32Array().buffer)));
}

function makeRun(initSeed) {
  const model = new d.nn.Sequential(
    new d.nn.Linear(4, 16, { seed: initSeed }),
    new d.nn.ReLU(),
    new d.nn.Dropout(0.25), // draws from the global generator, which checkpoints carry
    new d.nn.Linear(16, 3, { seed: initSeed + 1 }),
  );
  const optimizer = new d.optim.Adam(model.parameters(), { lr: 0.01, amsgrad: false });
  const scheduler = d.optim.lrScheduler?.StepLR ? new d.optim.lrScheduler.StepLR(optimizer, { stepSize: 3, gamma: 0.5 }) : undefined;
  return { model, optimizer, scheduler };
}

function trainSteps(run, x, y, steps) {
  for (let i = 0; i < steps; i++) {
    d.tidy(() => {
      run.optimizer.zeroGrad();
      const loss = d.nn.functional.crossEntropy(run.model.forward(x), y);
      loss.backward();
      run.optimizer.step();
    });
    run.scheduler?.step();
  }
}

function disposeRun(run) {
  for (const p of run.model.parameters()) p.dispose();
  run.optimizer.dispose?.();
}

describe('checkpoints: save, load and resume', () => {
  const x = d.randn([12, 4], { seed: 7 });
  const y = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2];
  after(() => x.dispose());

  it('resuming from a checkpoint follows exactly the uninterrupted trajectory', () => {
    d.manualSeed(123);
    const straight = makeRun(1);
    trainSteps(straight, x, y, 12);
    const expected = bitsOf(straight.model.parameters());

    d.manualSeed(123);
    const first = makeRun(1);
    trainSteps(first, x, y, 5);
    const bytes = d.save({ model: first.model, optimizer: first.optimizer, scheduler: first.scheduler, metadata: { epoch: 5 } });
    trainSteps(first, x, y, 3); // wander off: the generator and state move on

    const resumed = makeRun(99); // different initial weights, fresh optimizer
    const { metadata } = d.load(bytes, { model: resumed.model, optimizer: resumed.optimizer, scheduler: resumed.scheduler });
    expect(metadata).to.deep.equal({ epoch: 5 });
    trainSteps(resumed, x, y, 7);
    expect(bitsOf(resumed.model.parameters())).to.deep.equal(expected);
    for (const r of [straight, first, resumed]) disposeRun(r);
  });

  it('round-trips model and optimizer state bit for bit', () => {
    const run = makeRun(3);
    trainSteps(run, x, y, 4);
    const bytes = d.save({ model: run.model, optimizer: run.optimizer });
    const other = makeRun(30);
    d.load(bytes, { model: other.model, optimizer: other.optimizer });
    expect(bitsOf(other.model.parameters())).to.deep.equal(bitsOf(run.model.parameters()));
    expect(JSON.stringify(other.optimizer.stateDict())).to.equal(JSON.stringify(run.optimizer.stateDict()));
    disposeRun(run);
    disposeRun(other);
  });

  it('refuses a checkpoint for a different model without changing anything', () => {
    const run = makeRun(5);
    const bytes = d.save({ model: run.model, optimizer: run.optimizer });
    const wider = new d.nn.Sequential(new d.nn.Linear(4, 8, { seed: 1 }), new d.nn.ReLU(), new d.nn.Dropout(0.25), new d.nn.Linear(8, 3, { seed: 2 }));
    const opt = new d.optim.Adam(wider.parameters(), { lr: 0.01 });
    const before = bitsOf(wider.parameters());
    expect(() => d.load(bytes, { model: wider, optimizer: opt })).to.throw(Error, /parameter .* has shape \[8,4\], the checkpoint has \[16,4\]/);
    expect(bitsOf(wider.parameters())).to.deep.equal(before);
    disposeRun(run);
    disposeRun({ model: wider, optimizer: opt });
  });

  it('refuses a corrupted checkpoint (checksum) before touching the model', () => {
    const run = makeRun(6);
    const bytes = d.save({ model: run.model, optimizer: run.optimizer });
    const bad = bytes.slice();
    bad[bad.length - 3] ^= 0x10;
    const before = bitsOf(run.model.parameters());
    expect(() => d.load(bad, { model: run.model, optimizer: run.optimizer })).to.throw(Error, /checksum mismatch/);
    expect(bitsOf(run.model.parameters())).to.deep.equal(before);
    disposeRun(run);
  });
});
