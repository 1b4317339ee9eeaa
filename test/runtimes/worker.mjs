// The reproducible run as a workerd worker: every request runs it and answers with the hash.
// It imports descent as a workerd user would (see README, "workerd"): under the `workerd` export
// condition `descent-ml/descent.wasm` is the .wasm file, which workerd compiles, and init()
// starts the engine (whose embedded kernels workerd refused) from it.
import kernels from 'descent-ml/descent.wasm';
import * as d from 'descent-ml';
import { reproducibleRun } from './reproducible-run.mjs';

d.init(kernels);

export default {
  async fetch() {
    const result = await reproducibleRun(d);
    return Response.json({ runtime: 'workerd', entry: 'descent (workerd condition)', ...result });
  },
};
