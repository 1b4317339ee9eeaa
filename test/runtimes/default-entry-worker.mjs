// A worker that imports descent's default entry (kernels embedded as bytes) — which workerd
// must refuse, as the reason the `workerd` entry exists. Used by test/node/runtimes.test.mjs.
import * as d from '../../dist/index.js';

export default {
  fetch() {
    return new Response(String(d.tensor([1, 2]).sum().item()));
  },
};
