// What a user installs: `npm pack` of this checkout, checked as the registry would serve it,
// then installed by name into a fresh project (no network: the package has no dependencies)
// where a user's program runs and a strict TypeScript file type-checks. The tarball carries
// only what the exports use (the bundled entries, their types, the single file, the kernels,
// README and LICENSE), stays ≤ 1.2 MB unpacked, ships no source maps, and has no script that
// npm would run (or warn about) on install.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../runtimes/locate.mjs';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const MAX_UNPACKED = 1_200_000;
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare', 'preprepare', 'postprepare'];
const quiet = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

/** Every file an `exports` target names (types and code, every condition). */
function exportTargets(exportsMap) {
  const out = new Set();
  const walk = (v) => {
    if (typeof v === 'string') out.add(v.replace(/^\.\//, ''));
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(exportsMap);
  return out;
}

describe('the published tarball (npm pack, installed into a fresh project)', function () {
  this.timeout(120000);
  let dir;
  let pack;
  let tarball;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'descent-pack-'));
    // --ignore-scripts: the suite has just built; prepack would build again.
    const { stdout } = await run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, env: quiet });
    pack = JSON.parse(stdout)[0];
    tarball = join(dir, pack.filename);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("is named descent-ml and carries only the exports' files, README, LICENSE and package.json", () => {
    expect(pack.name).to.equal('descent-ml');
    const files = pack.files.map((f) => f.path);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const targets = exportTargets(pkg.exports);
    for (const t of targets) expect(files, `the export target ${t}`).to.include(t);
    const allowed = (f) =>
      ['package.json', 'README.md', 'LICENSE'].includes(f) ||
      targets.has(f) ||
      /^dist\/pkg\/.+\.js$/.test(f) || // the bundled entries' chunks
      /^dist\/.+\.d\.ts$/.test(f); // the types the entries' .d.ts import
    expect(files.filter((f) => !allowed(f)), 'files no export uses').to.deep.equal([]);
    expect(files).to.include.members(['README.md', 'LICENSE', 'package.json']);
    expect(files.filter((f) => f.endsWith('.map')), 'source maps').to.deep.equal([]);
  });

  it('ships every .d.ts that a shipped .d.ts imports (the internal ones it leaves out are reached by no public type)', () => {
    const shipped = new Set(pack.files.map((f) => f.path));
    const dangling = [];
    for (const f of shipped) {
      if (!f.endsWith('.d.ts')) continue;
      const text = readFileSync(join(ROOT, f), 'utf8');
      for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
        const target = posix.join(posix.dirname(f), spec).replace(/\.js$/, '.d.ts');
        if (!shipped.has(target)) dangling.push(`${f} imports ${spec}`);
      }
    }
    expect(dangling, 'type imports of files the tarball leaves out (package.json "files")').to.deep.equal([]);
    expect([...shipped].filter((f) => /^dist\/(backend|generated)\//.test(f)), 'the engine internals').to.deep.equal([]);
  });

  it(`is at most ${MAX_UNPACKED / 1e6} MB unpacked, and no shipped file points at a source map`, () => {
    const by = {};
    for (const f of pack.files) {
      const part = f.path.endsWith('.d.ts') ? 'types (.d.ts)' : f.path.startsWith('dist/pkg/') ? 'dist/pkg/' : f.path;
      by[part] = (by[part] ?? 0) + f.size;
    }
    expect(pack.unpackedSize, `unpacked size (${pack.entryCount} files): ${JSON.stringify(by)}`).to.be.at.most(MAX_UNPACKED);
    const withMaps = pack.files
      .filter((f) => /\.(js|ts)$/.test(f.path))
      .filter((f) => /sourceMappingURL/.test(readFileSync(join(ROOT, f.path), 'utf8')));
    expect(withMaps.map((f) => f.path)).to.deep.equal([]);
  });

  it("the README's figures for it are this tarball's, to 5 % (npm pack --dry-run; npm run bundle)", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const quoted = /tarball is\s+(\d+) KB, ([\d.]+) MB unpacked/.exec(readme);
    expect(quoted, 'the Install section quotes the tarball size').to.not.equal(null);
    expect(Number(quoted[1]) * 1000).to.be.closeTo(pack.size, pack.size * 0.05);
    expect(Number(quoted[2]) * 1e6).to.be.closeTo(pack.unpackedSize, pack.unpackedSize * 0.05);
    const single = readFileSync(join(ROOT, 'dist/descent.min.js'));
    const bundle = /`dist\/descent\.min\.js`: the default entry as one minified file, ([\d.]+) KiB \(([\d.]+) KiB gzipped/.exec(readme);
    expect(bundle, 'the Runtimes table quotes the single file size').to.not.equal(null);
    expect(Number(bundle[1]) * 1024).to.be.closeTo(single.length, single.length * 0.05);
    expect(Number(bundle[2]) * 1024).to.be.closeTo(gzipSync(single, { level: 9 }).length, single.length * 0.05 * 0.25);
  });

  it('has no script npm runs on install, and installs into a fresh project without a warning', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    for (const s of INSTALL_SCRIPTS) expect(pkg.scripts?.[s], `scripts.${s}`).to.equal(undefined);
    const project = join(dir, 'user');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user', version: '1.0.0', type: 'module', private: true }));
    const { stdout, stderr } = await run(npm, ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: project, env: quiet });
    expect(`${stdout}${stderr}`).to.not.match(/warn/i);
    const installed = JSON.parse(readFileSync(join(project, 'node_modules/descent-ml/package.json'), 'utf8'));
    expect(installed.name).to.equal('descent-ml');
  });

  it("a user's program in that project imports descent-ml and a dataset by name and trains", async () => {
    const project = join(dir, 'user');
    writeFileSync(join(project, 'main.mjs'), `
      import * as d from 'descent-ml';
      import { iris } from 'descent-ml/datasets/iris';
      import kernels from 'descent-ml/descent.wasm';
      d.init(kernels);
      const { x, y } = iris();
      const clf = new d.models.LogisticRegression().fit(x, y);
      console.log(JSON.stringify({ accuracy: clf.score(x, y), sameEngine: x instanceof d.Tensor }));
    `);
    const { stdout } = await run(process.execPath, ['main.mjs'], { cwd: project, timeout: 60000 });
    const out = JSON.parse(stdout);
    expect(out.sameEngine).to.equal(true);
    expect(out.accuracy).to.be.above(0.95);
  });

  it('a strict TypeScript file in that project type-checks against the installed types', async () => {
    const project = join(dir, 'user');
    writeFileSync(join(project, 'main.ts'), `
      import * as d from 'descent-ml';
      import { digits } from 'descent-ml/datasets/digits';
      import { lineChart } from 'descent-ml/plot';
      import kernels from 'descent-ml/descent.wasm';
      d.init(kernels);
      const { x, y }: { x: d.Tensor; y: Int32Array } = digits();
      const g: d.Tensor = d.grad((t: d.Tensor) => t.square().sum())(x);
      const svg: string = lineChart({ series: [{ name: 'loss', y: [3, 2, 1] }] });
      export { g, svg, y };
    `);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'ES2022', moduleResolution: 'Bundler', strict: true, noEmit: true,
        skipLibCheck: false, lib: ['ES2022', 'DOM'], types: [] },
      files: ['main.ts'],
    }));
    let output = '';
    try {
      await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: project, timeout: 60000 });
    } catch (e) {
      output = `${e.stdout}${e.stderr}`;
    }
    expect(output).to.equal('');
  });
});
