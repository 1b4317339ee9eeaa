// fitAsyncCheck as a workerd worker (no stderr there: the progress lines are not written).
import kernels from 'descent-ml/descent.wasm';
import * as d from 'descent-ml';
import { fitAsyncCheck } from './fit-async-check.mjs';

d.init(kernels);

export default {
  async fetch() {
    return Response.json(await fitAsyncCheck(d));
  },
};
