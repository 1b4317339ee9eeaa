// d.fitAsync in every command-line runtime and in workerd (test/runtimes/fit-async-check.mjs):
// the same history and parameter bits as d.fit, timers fire during it, a signal aborts it; and
// d.fit's progress display writes plain lines (no carriage return) to a stderr that is not a
// terminal — what CI logs keep.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, requireRuntime } from '../runtimes/locate.mjs';
import { startWorker } from '../runtimes/workerd.mjs';

const run = promisify(execFile);
const CLI = join(ROOT, 'test/runtimes/fit-async-cli.mjs');
// What `import 'descent-ml'` resolves to (Deno is given the file, relative to the CLI script).
const PACKAGE_ENTRY = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).exports['.'].default.slice(2);

async function runCli(command, args) {
  const { stdout, stderr } = await run(command, args, {
    cwd: ROOT, timeout: 120000, env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  });
  return { result: JSON.parse(stdout.trim().split('\n').pop()), stderr };
}

function expectGood({ result, stderr }, where) {
  expect(result, where).to.deep.equal({ sameHistory: true, sameParams: true, ticked: true, aborted: { name: 'AbortError', epochs: 2 } });
  if (stderr === undefined) return;
  const lines = stderr.split('\n').filter((l) => l.startsWith('epoch') || l.startsWith('done'));
  expect(lines, `${where}: progress lines on stderr`).to.have.length(4);
  expect(lines[0]).to.match(/^epoch 1\/3 6\/6 \S+ \S+\/s · loss \d\.\d{3,4} · accuracy \d\.\d{4}$/);
  expect(lines[3]).to.match(/^done after 3 epochs in /);
  expect(stderr, `${where}: no carriage return or escape code when not on a terminal`).to.not.match(/[\r\x1b]/);
}

describe('fitAsync in every runtime', function () {
  this.timeout(180000);

  it('Node', async () => {
    expectGood(await runCli(process.execPath, [CLI, 'descent-ml']), 'node');
  });

  it('Deno', async function () {
    const deno = requireRuntime(this, 'deno');
    expectGood(await runCli(deno.path, ['run', '--no-prompt', `--allow-read=${ROOT}`, '--allow-env', CLI, `../../${PACKAGE_ENTRY}`]), 'deno');
  });

  it('Bun', async function () {
    const bun = requireRuntime(this, 'bun');
    expectGood(await runCli(bun.path, [CLI, 'descent-ml']), 'bun');
  });

  it('workerd', async function () {
    const workerd = requireRuntime(this, 'workerd');
    const server = await startWorker(workerd.path, join(ROOT, 'test/runtimes/fit-async-worker.mjs'));
    try {
      const response = await fetch(server.url);
      const text = await response.text();
      expect(response.status, text + server.output()).to.equal(200);
      expectGood({ result: JSON.parse(text) }, 'workerd');
    } finally {
      await server.stop();
    }
  });
});
