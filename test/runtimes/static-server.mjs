// A tiny static file server on 127.0.0.1 for the browser runs: serves the repository (dist/,
// test/, node_modules/ for mocha and chai) with the MIME types ES modules and Wasm need.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * Serves `root` on 127.0.0.1 at a free port. `routes` maps a path to a function returning
 * { type, body } for generated pages; `headers` go on every response (e.g. the COOP/COEP pair
 * that makes a page cross-origin isolated). Resolves to { url, close() }.
 */
export async function serveDirectory(root, routes = {}, { headers = {} } = {}) {
  const send = (res, status, type, body) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
    res.end(body);
  };
  const base = normalize(root + sep);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    try {
      if (routes[path]) {
        const { type, body } = await routes[path]();
        return send(res, 200, type, body);
      }
      const file = normalize(join(base, path));
      if (!file.startsWith(base)) return send(res, 403, TYPES['.html'], 'forbidden');
      const body = await readFile(file);
      send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', body);
    } catch {
      send(res, 404, TYPES['.html'], `not found: ${path}`);
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
