// The elementwise kernels come from one table (tools/elementwise-ops.mjs) through
// tools/gen-elementwise.mjs: assembly/generated/ is what the generator makes (no drift), every
// op in the table has its kernels in the built module, the generator refuses a malformed table,
// and each op's vector formula gives the same bits as its scalar one (a lane of the four-vector
// loop, a lane of the one-vector loop and the scalar tail agree), which is what makes a value's
// result independent of where it sits in a tensor.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../runtimes/locate.mjs';
import { generateElementwise } from '../../tools/gen-elementwise.mjs';
import { BINARY, UNARY } from '../../tools/elementwise-ops.mjs';

const memory = new WebAssembly.Memory({ initial: 32, maximum: 65536 });
const { exports: K } = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(join(ROOT, 'build/descent.wasm'))), { env: { memory } });
const BASE = 1 << 20; // above the module's static data (16 pages initially); the kernels allocate nothing
const LANES = 16; // the unrolled loop's width
const f32 = new Float32Array(memory.buffer);
const u32 = new Uint32Array(memory.buffer);
/** Block k of 64 floats above BASE: its byte address. */
const block = (k) => BASE + k * 256;

const VALUES = [0, -0, 0.5, -0.5, 1, -1, 2.5, -3, 7, 0.1, 1e-40, -1e-40, 88, -100, 1e30, Infinity, -Infinity, NaN];

/** The result of lane i of the output block, as bits (every NaN as one NaN). */
const bitsAt = (k, i) => (Number.isNaN(f32[(block(k) >> 2) + i]) ? 'NaN' : u32[(block(k) >> 2) + i]);

/** Runs `call(n)` over inputs filled with one value per input and returns the bits at the loop's three paths. */
function paths(inputs, call) {
  const out = [];
  for (const n of [LANES, 4, 1]) { // four vectors per iteration, one vector, scalar tail
    inputs.forEach((v, k) => f32.fill(v, block(k) >> 2, (block(k) >> 2) + LANES));
    f32.fill(12345, block(7) >> 2, (block(7) >> 2) + LANES);
    call(n);
    out.push(bitsAt(7, n - 1));
  }
  return out;
}

describe('elementwise kernels from one table (tools/elementwise-ops.mjs)', () => {
  it('assembly/generated/ is what tools/gen-elementwise.mjs makes from the table (no drift)', () => {
    const files = generateElementwise(ROOT);
    expect(Object.keys(files).sort()).to.deep.equal(['binary.ts', 'binary_inline.ts', 'unary.ts', 'unary_inline.ts']);
    for (const [name, text] of Object.entries(files)) {
      expect(readFileSync(join(ROOT, 'assembly/generated', name), 'utf8'), name).to.equal(text);
    }
  });

  it('every op in the table has its kernels in the built module', () => {
    const names = [...BINARY.flatMap((op) => ['VV', 'VS', 'SV', 'Broadcast'].map((m) => op.name + m)),
      ...UNARY.flatMap((op) => [`${op.name}Forward`, `${op.name}Backward`])];
    for (const name of names) expect(K[name], name).to.be.a('function');
    expect(names.length).to.equal(4 * BINARY.length + 2 * UNARY.length);
  });

  it('refuses an op whose code is not in assembly/opcodes.ts, a missing formula, or a name listed twice', () => {
    const add = BINARY[0];
    expect(() => generateElementwise(ROOT, { BINARY: [...BINARY, { ...add, name: 'plus', code: 'OP_PLUS' }], UNARY }))
      .to.throw(/plus's code OP_PLUS is not in assembly\/opcodes.ts/);
    expect(() => generateElementwise(ROOT, { BINARY: [...BINARY, { name: 'plus', code: 'OP_ADD', vec: 'a' }], UNARY }))
      .to.throw(/op plus needs 'one'/);
    expect(() => generateElementwise(ROOT, { BINARY: [...BINARY, add], UNARY })).to.throw(/op add is listed twice/);
  });

  for (const op of UNARY) {
    it(`${op.name}: forward and backward give the same bits in every loop path`, () => {
      for (const x of VALUES) {
        const fwd = paths([x], (n) => K[`${op.name}Forward`](block(0), block(7), n));
        expect(new Set(fwd).size, `${op.name}(${x}): ${fwd}`).to.equal(1);
        const y = f32[block(7) >> 2];
        const bwd = paths([x, y, -1.5], (n) => K[`${op.name}Backward`](block(0), block(1), block(2), block(7), n));
        expect(new Set(bwd).size, `${op.name}'(${x}): ${bwd}`).to.equal(1);
      }
    });
  }

  for (const op of BINARY) {
    it(`${op.name}: same, scalar-right and scalar-left kernels give the same bits in every loop path`, () => {
      for (const a of VALUES) {
        for (const b of [0, -0, 0.5, -2, 3, NaN, Infinity]) {
          const vv = paths([a, b], (n) => K[`${op.name}VV`](block(0), block(1), block(7), n));
          const vs = paths([a], (n) => K[`${op.name}VS`](block(0), b, block(7), n));
          const sv = paths([0, b], (n) => K[`${op.name}SV`](a, block(1), block(7), n));
          const all = [...vv, ...vs, ...sv];
          expect(new Set(all).size, `${a} ${op.name} ${b}: ${all}`).to.equal(1);
        }
      }
    });
  }
});
