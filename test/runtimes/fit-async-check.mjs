// d.fitAsync against d.fit in whatever runtime imports this: the same history and parameter
// bits for the same seeds, timers firing during fitAsync (counted), an AbortSignal honoured, and
// d.fit's plain progress lines (written to stderr where the runtime has one).
export async function fitAsyncCheck(d) {
  const x = d.randn([48, 4], { seed: 1 });
  const y = Int32Array.from({ length: 48 }, (_, i) => i % 3);
  const model = () => new d.nn.Sequential(new d.nn.Linear(4, 8, { seed: 1 }), new d.nn.Tanh(), new d.nn.Linear(8, 3, { seed: 2 }));
  const options = () => ({
    data: new d.data.DataLoader({ x, y }, { batchSize: 8, shuffle: true, seed: 3 }), loss: 'crossEntropy', epochs: 3, metrics: ['accuracy'],
  });
  const bits = (m) => m.parameters().map((p) => Array.from(new Uint32Array(p.toFloat32Array().buffer)).join(',')).join(';');
  const a = model();
  const fitted = d.fit(a, new d.optim.Adam(a.parameters(), { lr: 0.01 }), { ...options(), progress: true }); // prints its lines
  const b = model();
  let ticks = 0;
  const interval = setInterval(() => ticks++, 0);
  const awaited = await d.fitAsync(b, new d.optim.Adam(b.parameters(), { lr: 0.01 }), { ...options(), progress: false, yieldEveryMs: 0 });
  clearInterval(interval);
  const controller = new AbortController();
  let aborted = null;
  try {
    await d.fitAsync(model(), new d.optim.SGD(model().parameters(), { lr: 0.1 }), {
      ...options(), epochs: 1000, progress: false, signal: controller.signal,
      onEpoch: (logs) => {
        if (logs.epoch === 2) controller.abort();
      },
    });
  } catch (e) {
    aborted = { name: e.name, epochs: e.history?.epochs ?? null };
  }
  const numbers = (h) => JSON.stringify([h.loss, h.gradNorm, h.lr, h.accuracy, h.epochs, h.stopReason]);
  return { sameHistory: numbers(fitted) === numbers(awaited), sameParams: bits(a) === bits(b), ticked: ticks > 0, aborted };
}
