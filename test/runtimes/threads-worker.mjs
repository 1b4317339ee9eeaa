// The thread check as a workerd worker: workerd has no shared memory for workers, so
// d.setNumThreads must resolve to 1 there, and the results must still be those of every
// other runtime.
import kernels from 'descent-ml/descent.wasm';
import * as d from 'descent-ml';
import { threadIdentity } from './thread-identity.mjs';

d.init(kernels);

export default {
  async fetch() {
    return Response.json(await threadIdentity(d, [1, 2]));
  },
};
