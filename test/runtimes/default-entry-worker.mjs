// A worker that uses descent without init(kernels): workerd refuses to compile the embedded
// kernels (bytes), so the first tensor throws an error that says what to do. Used by
// test/node/runtimes.test.mjs.
import * as d from '../../dist/index.js';

export default {
  fetch() {
    return new Response(String(d.tensor([1, 2]).sum().item()));
  },
};
