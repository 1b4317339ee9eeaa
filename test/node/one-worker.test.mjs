// One worker file everywhere: examples/worker.mjs (the README's worker, quoted there verbatim)
// imports 'descent-ml/descent.wasm' and 'descent-ml' and calls d.init(kernels). workerd serves
// it bundled with the workerd condition (the kernels compiled by workerd, handed to init); Node,
// Deno and Bun import the same file unchanged, where init is a no-op, and call its fetch(). All four
// must answer with the same bits.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, requireRuntime } from '../runtimes/locate.mjs';
import { startWorker } from '../runtimes/workerd.mjs';

const run = promisify(execFile);
const WORKER = 'examples/worker.mjs';
const CALL = 'test/runtimes/call-worker.mjs';
const URL_ = 'http://localhost/?steps=120';
const env = { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };

async function callIn(command, args) {
  const { stdout } = await run(command, args, { cwd: ROOT, timeout: 120000, env });
  const { status, body } = JSON.parse(stdout.trim().split('\n').pop());
  expect(status, body).to.equal(200);
  return JSON.parse(body);
}

describe('one worker file in every runtime (examples/worker.mjs)', function () {
  this.timeout(180000);
  let node = null;

  before(async () => {
    node = await callIn(process.execPath, [CALL, WORKER, URL_]);
  });

  it('Node: the default entry (init is a no-op) trains y = 2x + 1', () => {
    expect(node.weight[0][0]).to.be.closeTo(2, 0.05);
    expect(node.bias[0]).to.be.closeTo(1, 0.1);
    expect(node.loss).to.be.below(0.01);
  });

  it('workerd: the same file, bundled with the workerd condition, answers the same bits', async function () {
    const workerd = requireRuntime(this, 'workerd');
    const worker = await startWorker(workerd.path, join(ROOT, WORKER));
    try {
      const response = await fetch(`${worker.url}/?steps=120`);
      const body = await response.text();
      expect(response.status, body + worker.output()).to.equal(200);
      expect(JSON.parse(body)).to.deep.equal(node);
    } finally {
      await worker.stop();
    }
  });

  it('Bun: the same file answers the same bits', async function () {
    const bun = requireRuntime(this, 'bun');
    expect(await callIn(bun.path, [CALL, WORKER, URL_])).to.deep.equal(node);
  });

  it("Deno: the same file, with 'descent-ml' mapped as a Deno project maps npm:descent-ml, answers the same bits", async function () {
    const deno = requireRuntime(this, 'deno');
    // A Deno project writes { "imports": { "descent-ml": "npm:descent-ml", "descent-ml/": "npm:/descent-ml/" } };
    // here the map points at this checkout's files, which are what npm:descent-ml resolves to.
    const exportsMap = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).exports;
    const dir = mkdtempSync(join(tmpdir(), 'descent-deno-'));
    try {
      const map = join(dir, 'import-map.json');
      writeFileSync(map, JSON.stringify({ imports: {
        'descent-ml': join(ROOT, exportsMap['.'].default),
        'descent-ml/descent.wasm': join(ROOT, exportsMap['./descent.wasm'].default),
      } }));
      const flags = ['run', '--no-prompt', `--allow-read=${ROOT}`, `--import-map=${map}`];
      expect(await callIn(deno.path, [...flags, CALL, WORKER, URL_])).to.deep.equal(node);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
