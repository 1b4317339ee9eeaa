// The reproducible run as a script, for runtimes driven from the command line (Node, Deno,
// Bun): `<runtime> test/runtimes/cli.mjs [entry]` prints one JSON line with the hash.
// `entry` is the module to import descent from: the package name `descent-ml` (Node and Bun
// resolve it to this package through its `exports`), or a path relative to this file.
import { reproducibleRun } from './reproducible-run.mjs';

const args = globalThis.Deno ? Deno.args : process.argv.slice(2);
const entry = args[0] ?? '../../dist/index.js';
const d = await import(entry);
const result = await reproducibleRun(d);
console.log(JSON.stringify({ runtime: runtimeName(), entry, ...result }));

function runtimeName() {
  if (globalThis.Deno) return `deno ${Deno.version.deno}`;
  if (globalThis.Bun) return `bun ${Bun.version}`;
  return `node ${process.versions.node}`;
}
