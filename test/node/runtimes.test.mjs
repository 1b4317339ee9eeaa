// The same training run, in five JavaScript runtimes, must end with the same bits: Node,
// headless Chromium, Deno, Bun and workerd each run test/runtimes/reproducible-run.mjs with
// the way that runtime imports descent, and print the SHA-256 of the final parameters, which
// must equal Node's, and Node's must equal the hash committed in test/runtimes/expected.mjs.
// Node-only: it starts the other runtimes as processes.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import expected from '../runtimes/expected.mjs';
import { ROOT, requireRuntime } from '../runtimes/locate.mjs';
import { launchChromium, openPage } from '../runtimes/chromium.mjs';
import { serveDirectory } from '../runtimes/static-server.mjs';
import { startWorker } from '../runtimes/workerd.mjs';

const run = promisify(execFile);
// What `import 'descent-ml'` resolves to (the `default` condition of the package's "." export).
const PACKAGE_ENTRY = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).exports['.'].default.slice(2);
const CLI = join(ROOT, 'test/runtimes/cli.mjs');
const BLANK = { '/': () => ({ type: 'text/html; charset=utf-8', body: '<!doctype html><title>descent</title>' }) };

/** Runs the CLI script under a command-line runtime and parses its JSON line. */
async function runCli(command, args) {
  const { stdout } = await run(command, args, {
    cwd: ROOT,
    timeout: 120000,
    env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  });
  return JSON.parse(stdout.trim().split('\n').pop());
}

const UPDATE = 'if a kernel or an op changed on purpose, and every runtime agrees, put the new hash ' +
  '(`npm run repro:hash`) in test/runtimes/expected.mjs with the change that explains it';

let reference = null; // Node's result, run first: every other runtime must match it bit for bit

function expectReproduced(result, where) {
  expect(reference, 'the Node run (the first test) must have run').to.not.equal(null);
  expect(result.sha256, `${where}: SHA-256 of the final parameters, against Node's`).to.equal(reference.sha256);
  expect(result, `${where}: losses, learning rate and clipping as in Node`).to.deep.include({
    firstLoss: reference.firstLoss,
    lastLoss: reference.lastLoss,
    lastLr: reference.lastLr,
    clippedSteps: reference.clippedSteps,
  });
}

describe('identical results in every runtime (test/runtimes/reproducible-run.mjs)', function () {
  this.timeout(180000);

  before(async () => {
    reference = await runCli(process.execPath, [CLI, 'descent-ml']);
  });

  it('Node: the package entry (import "descent-ml") gives the hash committed in test/runtimes/expected.mjs', () => {
    expect(reference.sha256, `node ${process.versions.node}: ${UPDATE}`).to.equal(expected.sha256);
    expect(reference.lastLoss, 'the run trains').to.be.below(reference.firstLoss);
  });

  it('Deno: the package entry gives the same hash as Node, and so does the minified bundle', async function () {
    const deno = requireRuntime(this, 'deno');
    const flags = ['run', '--no-prompt', `--allow-read=${ROOT}`, CLI];
    for (const entry of [PACKAGE_ENTRY, 'dist/descent.min.js']) {
      expectReproduced(await runCli(deno.path, [...flags, `../../${entry}`]), `${deno.version}, ${entry}`);
    }
  });

  it('Bun: the package entry (import "descent-ml") gives the same hash as Node', async function () {
    const bun = requireRuntime(this, 'bun');
    expectReproduced(await runCli(bun.path, [CLI, 'descent-ml']), `bun ${bun.version}`);
  });

  it('headless Chromium: the package entry, its unbundled modules and the minified bundle give the same hash as Node', async function () {
    const chromium = requireRuntime(this, 'chromium');
    const server = await serveDirectory(ROOT, BLANK);
    const browser = await launchChromium(chromium.path);
    try {
      const errors = [];
      const page = await openPage(browser, `${server.url}/`, errors);
      for (const entry of [`/${PACKAGE_ENTRY}`, '/dist/index.js', '/dist/descent.min.js']) {
        const result = await page.evaluate(async (entry) => {
          const d = await import(entry);
          const { reproducibleRun } = await import('/test/runtimes/reproducible-run.mjs');
          return reproducibleRun(d);
        }, entry);
        expectReproduced(result, `Chromium ${browser.version()}, ${entry}`);
      }
      expect(errors, 'page errors').to.deep.equal([]);
    } finally {
      await browser.close();
      await server.close();
    }
  });

  it('workerd: a worker on 127.0.0.1 (workerd condition, init(kernels)) gives the same hash as Node', async function () {
    const workerd = requireRuntime(this, 'workerd');
    const worker = await startWorker(workerd.path, join(ROOT, 'test/runtimes/worker.mjs'));
    try {
      const response = await fetch(worker.url);
      const body = await response.text();
      expect(response.status, body + worker.output()).to.equal(200);
      expectReproduced(JSON.parse(body), workerd.version);
    } finally {
      await worker.stop();
    }
  });

  it('workerd refuses the embedded kernels (bytes): used without init(kernels), the engine says what to do', async function () {
    const workerd = requireRuntime(this, 'workerd');
    // workerd either exits at start-up or serves errors, depending on timing; either way it
    // must say why.
    let log;
    try {
      const worker = await startWorker(workerd.path, join(ROOT, 'test/runtimes/default-entry-worker.mjs'), []);
      try {
        const status = await fetch(worker.url).then((r) => r.status, () => 'no answer');
        expect(status, 'a request to the broken worker').to.not.equal(200);
        log = worker.output();
      } finally {
        await worker.stop();
      }
    } catch (e) {
      log = e.message;
    }
    expect(log).to.include('Wasm code generation disallowed by embedder');
    // ...and the error names the way out: the compiled .wasm import, init(kernels), and how to bundle for it.
    expect(log).to.include('refuses to compile WebAssembly from bytes');
    expect(log).to.include("the 'workerd' export condition");
    expect(log).to.include('--conditions=workerd');
    expect(log).to.include("import kernels from 'descent-ml/descent.wasm'");
    expect(log).to.include('d.init(kernels)');
  });
});
