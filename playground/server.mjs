// A small static file server for the playground, on Node's own http module.
// `npm run playground` builds the page into playground/dist and serves it here;
// PORT (default 5173) picks the port, and it listens on 127.0.0.1 only. It sends the two
// headers that make the page cross-origin isolated (COOP/COEP), which descent's threads need
// in a browser; any static host that sends them does as well, and without them the page runs
// single-threaded.
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.ico': 'image/x-icon',
};

/** Maps a request path to a file under root, or null if it would escape root. */
function resolveFile(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

async function serveFile(root, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  let file = resolveFile(root, req.url ?? '/');
  if (file === null) {
    res.writeHead(400, { 'Content-Type': 'text/plain' }).end('bad path\n');
    return;
  }
  try {
    if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
    const body = await readFile(file);
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      // Cross-origin isolation, so descent may use threads (SharedArrayBuffer) where it can.
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
  }
}

/**
 * Serves `root` on 127.0.0.1:`port` (0 picks a free port). Resolves to the listening server;
 * `server.address().port` is the port.
 */
export function startServer({ root = path.join(here, 'dist'), port = 5173 } = {}) {
  const absRoot = path.resolve(root);
  const server = http.createServer((req, res) => {
    serveFile(absRoot, req, res).catch(() => res.writeHead(500).end());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = Number(process.env.PORT ?? 5173);
  const server = await startServer({ port });
  console.log(`descent playground: http://127.0.0.1:${server.address().port}/`);
}
