// Runs a worker in workerd (from the `workerd` npm package) on 127.0.0.1, the way a
// deployment would: the worker is bundled by esbuild with the `workerd` export condition, so
// `import kernels from 'descent-ml/descent.wasm'` is the kernels as a separate Wasm module that
// workerd compiles itself and hands over as a WebAssembly.Module (for d.init).
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from './locate.mjs';

// The newest date this workerd release accepts is its own; any date after the features the
// worker uses (ES modules, Wasm modules, Response.json) will do.
export const COMPATIBILITY_DATE = '2025-01-01';

/**
 * Bundles `entry` (a worker module that imports 'descent' and 'descent-ml/descent.wasm') into
 * `dir`/worker.js, and puts the kernels next to it as `dir`/descent.wasm. `conditions` are
 * the export conditions to resolve with (wrangler's: workerd, worker); `loader` is esbuild's
 * (e.g. { '.txt': 'text' }: a text file imported as a string, as wrangler's Text modules).
 */
export async function bundleWorker(entry, dir, conditions = ['workerd', 'worker'], loader = {}) {
  await build({
    entryPoints: [entry],
    outfile: join(dir, 'worker.js'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions,
    target: 'es2022',
    absWorkingDir: ROOT,
    logLevel: 'warning',
    loader,
    plugins: [kernelsAsWasmModule],
  });
  copyFileSync(join(ROOT, 'dist/descent.wasm'), join(dir, 'descent.wasm'));
}

// `import kernels from 'descent-ml/descent.wasm'` stays an import, of the Wasm module that the
// workerd config names "descent.wasm" (wrangler's CompiledWasm rule does the same).
const kernelsAsWasmModule = {
  name: 'kernels-as-wasm-module',
  setup(b) {
    b.onResolve({ filter: /\.wasm$/ }, () => ({ path: './descent.wasm', external: true }));
  },
};

/** The workerd config for one worker made of worker.js and descent.wasm, served on socket "http". */
export function workerConfig() {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "descent.wasm", wasm = embed "descent.wasm"),
  ],
  compatibilityDate = "${COMPATIBILITY_DATE}",
);
`;
}

/**
 * Bundles `entry` (with `conditions` and `loader` as bundleWorker) into a temporary directory
 * and serves it with workerd on a free loopback port: resolves to { url, stop(), output() } once
 * the port accepts connections.
 */
export async function startWorker(workerdPath, entry, conditions, loader) {
  const dir = mkdtempSync(join(tmpdir(), 'descent-workerd-'));
  try {
    await bundleWorker(entry, dir, conditions, loader);
    writeFileSync(join(dir, 'config.capnp'), workerConfig());
    const server = await serveConfig(workerdPath, join(dir, 'config.capnp'));
    const stop = server.stop;
    server.stop = async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    };
    return server;
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Starts `workerd serve configFile`, moving its socket named "http" to a free port on
 * 127.0.0.1, and resolves once that port accepts connections to { url, stop(), output() }.
 */
export async function serveConfig(workerdPath, configFile) {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const child = spawn(workerdPath, ['serve', configFile, `--socket-addr=http=${address}`], {
    cwd: dirname(configFile),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (b) => (log += b));
  child.stderr.on('data', (b) => (log += b));
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitForPort(port, exited, () => log);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url: `http://${address}`, stop, output: () => log };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Polls the port (at most 30 s) rather than the worker, whose requests may be expensive.
async function waitForPort(port, exited, log) {
  let done = false;
  exited.then((code) => (done = code));
  for (let i = 0; i < 300; i++) {
    if (done !== false) throw new Error(`workerd exited (code ${done}) before serving:\n${log()}`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`workerd did not open 127.0.0.1:${port} within 30 s:\n${log()}`);
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
