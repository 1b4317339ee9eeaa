// The typed kernel seam: the generated signatures and op codes agree with assembly/ and with
// the built module, and a kernel that aborts (debug build) reaches the user as a readable error.
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../runtimes/locate.mjs';
import { generateKernelApi } from '../../tools/gen-kernels.mjs';

/** True when build/descent.debug.wasm is newer than every file in assembly/ (npm run asbuild:debug). */
function debugBuildIsFresh() {
  const wasm = join(ROOT, 'build/descent.debug.wasm');
  if (!existsSync(wasm)) return false;
  const built = statSync(wasm).mtimeMs;
  const newest = (dir) => Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) =>
    e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs));
  return built > newest(join(ROOT, 'assembly'));
}

describe('kernel seam', function () {
  this.timeout(60000);

  it('src/generated/ is what tools/gen-kernels.mjs makes from assembly/ (no drift)', () => {
    const files = generateKernelApi(ROOT);
    expect(Object.keys(files).sort()).to.deep.equal(['kernels-api.ts', 'opcodes.ts']);
    for (const [name, text] of Object.entries(files)) {
      expect(readFileSync(join(ROOT, 'src/generated', name), 'utf8'), name).to.equal(text);
    }
  });

  it('every op code comes from assembly/opcodes.ts, with its value there', () => {
    const source = readFileSync(join(ROOT, 'assembly/opcodes.ts'), 'utf8');
    const declared = Object.fromEntries([...source.matchAll(/^export const (\w+) = (-?\d+);/gm)].map((m) => [m[1], Number(m[2])]));
    const generated = readFileSync(join(ROOT, 'src/generated/opcodes.ts'), 'utf8');
    const emitted = Object.fromEntries([...generated.matchAll(/^export const (\w+) = (-?\d+);/gm)].map((m) => [m[1], Number(m[2])]));
    expect(emitted).to.deep.equal(declared);
    expect(Object.keys(declared)).to.include.members(['OP_MUL', 'OP_MAX', 'OP_MIN', 'U_EXP', 'NORM_L2', 'MATMUL_ABT', 'SGD_NESTEROV']);
  });

  it('the typed signatures match the built module: same kernels, same parameter counts', async () => {
    const { KERNEL_ARITY } = await import(pathToFileURL(join(ROOT, 'dist/generated/kernels-api.js')).href);
    const module = new WebAssembly.Module(readFileSync(join(ROOT, 'build/descent.wasm')));
    // The module imports its memory (asconfig.json: importMemory; see src/backend/instance.ts).
    const instance = new WebAssembly.Instance(module, { env: { memory: new WebAssembly.Memory({ initial: 16, maximum: 65536 }) } });
    const functions = WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => e.name);
    expect(functions.slice().sort()).to.deep.equal(Object.keys(KERNEL_ARITY).sort());
    for (const name of functions) expect(instance.exports[name].length, name).to.equal(KERNEL_ARITY[name]);
    // Op codes are constants in TypeScript, not exports of the module.
    expect(WebAssembly.Module.exports(module).filter((e) => e.kind === 'global')).to.deep.equal([]);
  });

  it('a kernel abort in the debug build reaches the user with its message, file and line', function () {
    this.timeout(180000); // builds the debug module only when npm test's pretest has not
    if (!debugBuildIsFresh()) {
      execFileSync(process.execPath, [join(ROOT, 'node_modules/assemblyscript/bin/asc.js'), 'assembly/index.ts', '--target', 'debug'], { cwd: ROOT });
    }
    const child = `
      import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
      const backend = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/backend/index.js')).href)});
      backend.initEngineSync(new WebAssembly.Module(readFileSync(${JSON.stringify(join(ROOT, 'build/descent.debug.wasm'))})));
      const block = { ptr: backend.allocFloats(4), size: 4 };
      backend.fill(block, 1);
      backend.binary(backend.OP_ADD, block, block, block); // a valid call runs
      if (backend.readFloat(block) !== 2) throw new Error('the debug build computed ' + backend.readFloat(block));
      try {
        backend.binary(99, block, block, block);
        console.log('no error');
      } catch (e) {
        console.log(e.message);
      }`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', child], { encoding: 'utf8' });
    expect(run.stderr).to.equal('');
    const line = readFileSync(join(ROOT, 'assembly/elementwise.ts'), 'utf8').split('\n').findIndex((l) => l.includes("'binary: unknown op code'")) + 1;
    expect(line).to.be.greaterThan(0);
    expect(run.stdout.trim()).to.match(new RegExp(`^descent: kernel aborted: binary: unknown op code \\(assembly/elementwise\\.ts:${line}:\\d+\\)$`));
  });
});
