// Calls a module worker's fetch() the way workerd would, from a command-line runtime (Node,
// Deno, Bun): `<runtime> test/runtimes/call-worker.mjs <worker file> <url>` prints the body.
const args = globalThis.Deno ? Deno.args : process.argv.slice(2);
const [file, url] = args;
const worker = (await import(new URL(file, `file://${globalThis.Deno ? Deno.cwd() : process.cwd()}/`).href)).default;
const response = await worker.fetch(new Request(url));
console.log(JSON.stringify({ status: response.status, body: await response.text() }));
