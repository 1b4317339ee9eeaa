// `<runtime> test/runtimes/fit-async-cli.mjs [entry]` prints fitAsyncCheck's result as one JSON
// line on stdout (d.fit's progress lines go to stderr). `entry` as in cli.mjs.
import { fitAsyncCheck } from './fit-async-check.mjs';

const args = globalThis.Deno ? Deno.args : process.argv.slice(2);
const d = await import(args[0] ?? '../../dist/index.js');
console.log(JSON.stringify(await fitAsyncCheck(d)));
