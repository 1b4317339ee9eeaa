// The thread bit-identity check as a script, for runtimes driven from the command line (Deno,
// Bun): `<runtime> test/runtimes/threads-cli.mjs [entry]` prints one JSON line with the
// thread counts in use and the hashes per case (test/runtimes/thread-identity.mjs).
import { threadIdentity } from './thread-identity.mjs';

const args = globalThis.Deno ? Deno.args : process.argv.slice(2);
const entry = args[0] ?? '../../dist/index.js';
const d = await import(entry);
const result = await threadIdentity(d);
console.log(JSON.stringify({ entry, ...result }));
