// The thread pool's job protocol under stress: hundreds of pooled jobs of every kind (products,
// elementwise and unary passes, optimizer updates) in a seeded random order, with pauses of
// random length between them so that the workers are sometimes spinning for the next job,
// sometimes asleep and sometimes waking while the next job is written. Every result must have
// the bits of the same sequence on one thread: a worker that read a job while it was being
// rewritten, ran a band twice or missed one would change them (or hang the test).
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { poolActivity, setSpinPolicy } from '../../dist/backend/threads.js';

/** xorshift32: the test's own deterministic choices (sizes, op order, pause lengths). */
function generator(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

/** FNV-1a over float32 bits. */
function hash(h, a) {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  return h;
}

/** Busy for about `ms`: only to vary how the workers stand when the next job comes. */
function pause(ms) {
  const t0 = performance.now();
  while (performance.now() - t0 < ms);
}

/** Runs `count` pooled-size operations chosen by `seed`; returns the hash of every result in order. */
function run(seed, count, pauses) {
  const random = generator(seed);
  const pauseLength = generator(seed + 1);
  const x = d.randn([600_000], { seed: 1 });
  const y = d.randn([600_000], { seed: 2 });
  const a = d.randn([128, 784], { seed: 3 });
  const w = d.randn([256, 784], { seed: 4 });
  const g = d.randn([128, 256], { seed: 5 });
  const p = d.randn([200_000], { seed: 6, requiresGrad: true });
  const optimizer = new d.optim.Adam([p], { lr: 1e-3 });
  const ops = [
    () => d.add(x, y),
    () => d.mul(x, 1.5),
    () => d.exp(y),
    () => d.matmulTransposedB(a, w),
    () => d.matmulTransposedA(g, a),
    () => d.matmul(g, w),
    () => d.nn.functional.linearRelu(a, w, null),
    () => {
      p.grad?.dispose();
      p.grad = d.noGrad(() => d.mul(p, 0.5));
      optimizer.step();
      return p;
    },
  ];
  let h = 0x811c9dc5;
  try {
    for (let i = 0; i < count; i++) {
      const op = ops[Math.floor(random() * ops.length)];
      const out = op();
      h = hash(h, out.toFloat32Array());
      if (out !== p) out.dispose();
      if (pauses) pause(pauseLength() < 0.3 ? 0 : pauseLength() * 2.5);
    }
  } finally {
    optimizer.dispose?.();
    for (const t of [x, y, a, w, g, p]) t.dispose();
  }
  return h;
}

describe('threads: the job protocol under stress (Node)', function () {
  this.timeout(120000);

  // Both ways of waiting, whatever this machine's load: spinning first (a quiet machine), and
  // sleeping at once (the pool's choice when the load average is above cores + 2).
  for (const policy of ['always', 'never']) {
    it(`gives the one-thread bits for 240 pooled jobs of every kind at 2 and 3 threads, with random pauses between them (spin: ${policy})`, async () => {
      const reference = run(7, 240, false);
      try {
        setSpinPolicy(policy);
        for (const n of [2, 3]) {
          expect(await d.setNumThreads(n)).to.equal(n);
          const before = poolActivity();
          expect(run(7, 240, true), `${n} threads`).to.equal(reference);
          const after = poolActivity();
          expect(after.jobs - before.jobs, 'jobs the pool ran').to.be.at.least(240);
          expect(after.workerBands - before.workerBands, 'bands the workers took').to.be.above(0);
          expect(after.spinning, 'threads spin between jobs').to.equal(policy === 'always');
        }
      } finally {
        setSpinPolicy('load');
        await d.setNumThreads(1);
      }
    });
  }
});
