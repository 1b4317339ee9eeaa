// The three layer examples as a workerd worker, imported as a workerd user would: the kernels
// are the .wasm module workerd compiles (init(kernels)), and the text the character models learn
// is bundled into the worker as a string (esbuild's text loader, as wrangler's Text modules) —
// a worker has no file system. GET /cnn-digits, /char-lstm or /char-transformer trains that
// example on its full recipe and answers with its figures (test/runtimes/examples-run.mjs) and
// the lines it logged; test/node/examples-workerd.test.mjs asserts the bounds.
import kernels from 'descent-ml/descent.wasm';
import * as d from 'descent-ml';
import text from '../../data/tiny-text.txt';
import { EXAMPLES } from './examples-run.mjs';

d.init(kernels);

export default {
  async fetch(request) {
    const name = new URL(request.url).pathname.slice(1);
    if (!Object.hasOwn(EXAMPLES, name)) return Response.json({ error: `no example at ${request.url}` }, { status: 404 });
    const lines = [];
    try {
      const figures = EXAMPLES[name](text, (line) => lines.push(line));
      return Response.json({ figures, lines });
    } catch (e) {
      return Response.json({ error: String(e && e.stack ? e.stack : e), lines }, { status: 500 });
    }
  },
};
