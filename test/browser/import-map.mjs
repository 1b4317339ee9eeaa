// Builds the import map that lets test files written for Node (`import { expect } from 'chai'`)
// run unchanged in the browser: every package in node_modules that has an ES module entry is
// mapped to it, and `descent-ml` (with its subpaths) to this package's own exports.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const CONDITIONS = ['browser', 'import', 'module', 'default'];

/** The import map object for a page served from `root` (paths are absolute URLs from /). */
export function buildImportMap(root) {
  const imports = {};
  const modules = join(root, 'node_modules');
  for (const name of packageNames(modules)) {
    const pkg = readJson(join(modules, name, 'package.json'));
    if (pkg === null) continue;
    const entry = pkg.exports !== undefined ? resolveExport(pkg.exports, '.') : pkg.type === 'module' ? pkg.module ?? pkg.main : pkg.module;
    if (typeof entry === 'string' && existsSync(join(modules, name, entry))) {
      imports[name] = `/node_modules/${name}/${entry.replace(/^\.\//, '')}`;
    }
    imports[`${name}/`] = `/node_modules/${name}/`;
  }
  const own = readJson(join(root, 'package.json'));
  for (const [subpath, target] of Object.entries(own.exports ?? {})) {
    const file = resolveExport({ [subpath]: target }, subpath);
    if (typeof file === 'string') imports[own.name + subpath.slice(1)] = file.slice(1);
  }
  return { imports };
}

function packageNames(modules) {
  const names = [];
  for (const entry of safeReaddir(modules)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) for (const sub of safeReaddir(join(modules, entry))) names.push(`${entry}/${sub}`);
    else names.push(entry);
  }
  return names;
}

// Picks the browser-facing file of `exports` for `subpath`, skipping type declarations.
function resolveExport(exports, subpath) {
  let target = exports;
  if (typeof target === 'object' && target !== null && !Array.isArray(target)) {
    const keys = Object.keys(target);
    if (keys.some((k) => k.startsWith('.'))) target = target[subpath];
  }
  return pick(target);
}

function pick(target) {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) return target.map(pick).find((t) => t !== undefined);
  if (target === null || typeof target !== 'object') return undefined;
  for (const [condition, value] of Object.entries(target)) {
    if (CONDITIONS.includes(condition)) {
      const found = pick(value);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function safeReaddir(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}
