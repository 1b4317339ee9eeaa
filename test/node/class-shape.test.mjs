// The engine's classes must stay ordinary ("fast-properties") objects in V8: declareClass
// (src/signature.ts) once redefined the `name` of every class the minifier had renamed, which
// turns a function into a dictionary-mode object, and then every `Tensor.empty(...)`,
// `new Tensor` and `instanceof Tensor` inside the shipped single file took V8's slow paths
// (a 16-float add + dispose ~25 % slower than the same code unbundled). Checked with V8's
// %HasFastProperties in a child Node process (--allow-natives-syntax). (A class that is a parent
// of another is made fast again by V8 when it serves as a prototype: only a direct check can fail.)
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT } from '../runtimes/locate.mjs';

const run = promisify(execFile);

const SCRIPT = `
const d = await import('./dist/descent.min.js');
const { declareClass } = await import('./dist/signature.js');
const out = { slow: [], names: {} };
// A class declared under another name (as the minifier leaves them: 'QE' declared as 'Tensor').
const Renamed = class { static make() { return 1; } };
const Public = declareClass('Widget(size)', Renamed, { methods: {} });
if (!%HasFastProperties(Renamed)) out.slow.push('a class declared under another name');
out.names.widget = [Public.name, new Public(1).constructor.name, new Public(1).constructor === Public];
out.names.engine = [d.Tensor.name, d.tensor([1]).constructor.name, d.nn.Linear.name, new d.nn.Linear(2, 2).constructor.name,
  Object.getOwnPropertyDescriptor(d.nn.ReLU, 'name').value];
console.log(JSON.stringify(out));
`;

describe('the engine\'s classes stay fast objects in V8 (declareClass leaves them alone)', function () {
  this.timeout(60000);
  let out;
  before(async () => {
    const { stdout } = await run(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', SCRIPT], { cwd: ROOT });
    out = JSON.parse(stdout);
  });

  it('a class declared under another name than its own is not made a dictionary-mode object', () => {
    expect(out.slow).to.deep.equal([]);
  });

  it('declared classes still report their public names, also through instances', () => {
    expect(out.names.widget).to.deep.equal(['Widget', 'Widget', true]);
    expect(out.names.engine).to.deep.equal(['Tensor', 'Tensor', 'Linear', 'Linear', 'ReLU']);
  });
});
