// The one engine file in a runtime that refuses to compile WebAssembly from bytes, as workerd
// does (the real workerd runs in test/node/runtimes.test.mjs and one-worker.test.mjs). Here a
// fresh Node process makes WebAssembly.compile and instantiate-from-bytes throw workerd's error
// before importing the package, so the embedded kernels are refused: the import still
// resolves, anything used before init() throws the help (with the runtime's words), init()
// refuses bytes and a missing module, and after init(kernels) with a compiled module the
// engine works and init is idempotent. Run for the shipped single file and the unbundled tree.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT } from '../runtimes/locate.mjs';

const run = promisify(execFile);

const script = (entry) => `
import { readFileSync } from 'node:fs';
const bytes = readFileSync('./dist/descent.wasm');
const kernels = new WebAssembly.Module(bytes); // compiled "by the runtime", before the refusal
const refuse = () => { throw new WebAssembly.CompileError('WebAssembly.compile(): Wasm code generation disallowed by embedder'); };
const instantiate = WebAssembly.instantiate;
WebAssembly.compile = async () => refuse();
WebAssembly.instantiate = async (source, imports) => source instanceof WebAssembly.Module ? instantiate(source, imports) : refuse();
const d = await import('${entry}');
const out = {};
const attempt = (f) => { try { return String(f()); } catch (e) { return e.constructor.name + ': ' + e.message; } };
out.before = attempt(() => d.zeros([2]));
out.initialisedBefore = d.isInitialised();
out.bytes = attempt(() => d.init(bytes));
out.nothing = attempt(() => d.init());
d.init(kernels);
d.init(kernels);
d.init();
out.initialisedAfter = d.isInitialised();
out.sum = d.tensor([[1, 2], [3, 4]]).matmul(d.tensor([[1], [1]])).toArray();
out.other = attempt(() => d.init(new WebAssembly.Module(bytes)));
console.log(JSON.stringify(out));
`;

describe('the engine where compiling Wasm from bytes is refused (workerd): init with a compiled module', () => {
  for (const entry of ['descent-ml', './dist/index.js']) {
    it(`${entry}: throws the help before init, refuses bytes, works after init, and init is idempotent`, async () => {
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script(entry)], { cwd: ROOT, timeout: 60000 });
      const out = JSON.parse(stdout);
      expect(out.before).to.match(/^Error: descent-ml: this runtime refuses to compile WebAssembly from bytes/);
      expect(out.before).to.include("import kernels from 'descent-ml/descent.wasm'");
      expect(out.before).to.include('d.init(kernels)');
      expect(out.before).to.include('(The runtime said: WebAssembly.compile(): Wasm code generation disallowed by embedder.)');
      expect(out.initialisedBefore).to.equal(false);
      expect(out.bytes).to.match(/^TypeError: init: kernels must be a WebAssembly.Module \(import it from "descent-ml\/descent.wasm"\), got object/);
      expect(out.nothing).to.match(/^Error: init: descent-ml: this runtime refuses to compile WebAssembly from bytes/);
      expect(out.initialisedAfter).to.equal(true);
      expect(out.sum).to.deep.equal([[3], [7]]);
      expect(out.other).to.match(/^Error: init: descent is already initialised with another kernel module/);
    });
  }
});
