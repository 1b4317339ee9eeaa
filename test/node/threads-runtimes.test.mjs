// Thread bit-identity in the other runtimes (test/runtimes/thread-identity.mjs): Deno and Bun
// (Web Workers over a shared WebAssembly.Memory), headless Chromium on a cross-origin isolated
// page (COOP/COEP headers) and on one that is not (no shared memory: one thread), and workerd
// (no shared memory: one thread). Every runtime's hashes must equal Node's at every count.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as d from '../../dist/index.js';
import { ROOT, requireRuntime } from '../runtimes/locate.mjs';
import { launchChromium, openPage } from '../runtimes/chromium.mjs';
import { serveDirectory } from '../runtimes/static-server.mjs';
import { startWorker } from '../runtimes/workerd.mjs';
import { buildImportMap } from '../browser/import-map.mjs';
import { threadIdentity } from '../runtimes/thread-identity.mjs';

const run = promisify(execFile);
const CLI = join(ROOT, 'test/runtimes/threads-cli.mjs');
const IMPORT_MAP = `<script type="importmap">${JSON.stringify(buildImportMap(ROOT))}</script>`;
const BLANK = { '/': () => ({ type: 'text/html; charset=utf-8', body: `<!doctype html><title>descent threads</title>${IMPORT_MAP}` }) };
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

async function runCli(command, args) {
  const { stdout } = await run(command, args, { cwd: ROOT, timeout: 170000, env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' } });
  return JSON.parse(stdout.trim().split('\n').pop());
}

let reference = null; // Node's hashes, one per case

function expectSameBits(result, where, threads) {
  expect(result.threads, `${where}: thread counts in use`).to.deep.equal(threads);
  for (const [name, row] of Object.entries(result.hashes)) {
    expect(row, `${where}: ${name} at threads ${result.threads.join(', ')}`).to.deep.equal(row.map(() => reference[name]));
  }
}

describe('threads in every runtime (test/runtimes/thread-identity.mjs)', function () {
  this.timeout(180000);

  before(async () => {
    const node = await threadIdentity(d, [1]);
    reference = Object.fromEntries(Object.entries(node.hashes).map(([k, v]) => [k, v[0]]));
  });

  it('Deno: 1, 2 and 3 threads give Node\'s bits', async function () {
    const deno = requireRuntime(this, 'deno');
    const result = await runCli(deno.path, ['run', '--no-prompt', `--allow-read=${ROOT}`, CLI, '../../dist/descent.min.js']);
    expectSameBits(result, deno.version, [1, 2, 3]);
  });

  it('Bun: 1, 2 and 3 threads give Node\'s bits', async function () {
    const bun = requireRuntime(this, 'bun');
    expectSameBits(await runCli(bun.path, [CLI, 'descent-ml']), `bun ${bun.version}`, [1, 2, 3]);
  });

  it('headless Chromium: a cross-origin isolated page runs 1, 2 and 3 threads with Node\'s bits; a page that is not stays at 1', async function () {
    const chromium = requireRuntime(this, 'chromium');
    const isolated = await serveDirectory(ROOT, BLANK, { headers: ISOLATION });
    const plain = await serveDirectory(ROOT, BLANK);
    const browser = await launchChromium(chromium.path);
    try {
      for (const [server, threads] of [[isolated, [1, 2, 3]], [plain, [1, 1, 1]]]) {
        const errors = [];
        const page = await openPage(browser, `${server.url}/`, errors);
        const result = await page.evaluate(async () => {
          const d = await import('/dist/descent.min.js');
          const { threadIdentity } = await import('/test/runtimes/thread-identity.mjs');
          return { isolated: globalThis.crossOriginIsolated, ...(await threadIdentity(d)) };
        });
        expect(result.isolated).to.equal(server === isolated);
        expectSameBits(result, `Chromium ${browser.version()}, ${server === isolated ? 'isolated' : 'not isolated'}`, threads);
        expect(errors, 'page errors').to.deep.equal([]);
        await page.close();
      }
    } finally {
      await browser.close();
      await isolated.close();
      await plain.close();
    }
  });

  it('workerd: no shared memory, so setNumThreads(2) resolves to 1, with Node\'s bits', async function () {
    const workerd = requireRuntime(this, 'workerd');
    const worker = await startWorker(workerd.path, join(ROOT, 'test/runtimes/threads-worker.mjs'));
    try {
      const response = await fetch(worker.url);
      const body = await response.text();
      expect(response.status, body + worker.output()).to.equal(200);
      expectSameBits(JSON.parse(body), workerd.version, [1, 1]);
    } finally {
      await worker.stop();
    }
  });
});
