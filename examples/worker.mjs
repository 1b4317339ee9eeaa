// One worker file for every runtime (the README's, "One worker file everywhere"): workerd runs
// it as a module worker; Node, Deno and Bun import it and call fetch() themselves, which is
// how it is unit-tested (test/node/one-worker.test.mjs). GET /?steps=200 fits y = 2x + 1.
import kernels from 'descent-ml/descent.wasm'; // workerd: the .wasm file, compiled by workerd; elsewhere: the engine's own
import * as d from 'descent-ml';                // the same engine file everywhere
d.init(kernels);                                // workerd: starts the kernels (it refused the embedded ones); elsewhere: a no-op

export default {
  async fetch(request) {
    const steps = Number(new URL(request.url).searchParams.get('steps') ?? 200);
    const model = new d.nn.Linear(1, 1, { seed: 0 });
    const optimizer = new d.optim.SGD(model.parameters(), { lr: 0.05 });
    const x = d.tensor([[0], [1], [2], [3]]);
    const y = d.tensor([[1], [3], [5], [7]]);
    let loss = NaN;
    for (let step = 0; step < steps; step++) {
      loss = d.tidy(() => {
        optimizer.zeroGrad();
        const l = d.nn.functional.mseLoss(model.forward(x), y);
        l.backward();
        optimizer.step();
        return l.item();
      });
    }
    const [weight, bias] = model.parameters().map((p) => p.toArray());
    x.dispose(); y.dispose(); model.dispose(); // the isolate, and its Wasm memory, outlive the request
    return Response.json({ weight, bias, loss });
  },
};
