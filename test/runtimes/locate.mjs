// Finds the other JavaScript runtimes the cross-runtime tests drive: Deno, Bun and workerd
// from their npm packages (devDependencies; each ships its binary in a platform package from
// the npm registry), and Debian's Chromium. Nothing is ever downloaded: a binary that is not
// there is reported missing, which fails the test in CI and skips it, with a message, locally.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const modules = join(ROOT, 'node_modules');

// Paths only: the packages' own launchers (node_modules/.bin/deno and friends) may try to
// download a missing binary from outside the npm registry, so they are never run.
const CANDIDATES = {
  deno: [join(modules, 'deno/deno'), join(modules, '@deno/linux-x64-glibc/deno')],
  bun: [
    join(modules, 'bun/bin/bun.exe'),
    join(modules, '@oven/bun-linux-x64/bin/bun'),
    join(modules, '@oven/bun-linux-x64-baseline/bin/bun'),
  ],
  workerd: [join(modules, '@cloudflare/workerd-linux-64/bin/workerd'), join(modules, 'workerd/bin/workerd')],
  chromium: [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].filter(Boolean),
};

const found = new Map();

/** { path, version } of a runtime, or null when it is not installed (or does not start). */
export function locate(name) {
  if (found.has(name)) return found.get(name);
  let result = null;
  for (const path of CANDIDATES[name] ?? []) {
    if (!existsSync(path)) continue;
    try {
      const out = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 30000, stdio: ['ignore', 'pipe', 'ignore'] });
      result = { path, version: out.trim().split('\n')[0] };
      break;
    } catch {
      // not runnable (a placeholder left by a failed install): try the next one
    }
  }
  found.set(name, result);
  return result;
}

const HOW = {
  deno: 'npm ci (devDependency "deno")',
  bun: 'npm ci (devDependency "bun")',
  workerd: 'npm ci (devDependency "workerd")',
  chromium: 'apt-get install -y chromium',
};

/**
 * The runtime for a mocha test: returns { path, version }. When it is missing, the test
 * fails in CI (CI=true), and locally is skipped with a message saying how to install it.
 */
export function requireRuntime(context, name) {
  const runtime = locate(name);
  if (runtime) return runtime;
  const message = `${name} is not installed (${HOW[name]})`;
  if (process.env.CI) throw new Error(`${message}: CI must run every runtime`);
  console.log(`      skipped: ${message}`);
  context.skip();
  return null;
}
