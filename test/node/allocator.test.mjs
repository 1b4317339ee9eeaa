// The allocator (src/backend/memory.ts) on a fresh engine in a child process: blocks never
// overlap each other or their headers, a freed block is handed out again before the heap grows,
// data survives growth, and large new blocks take turns through four colours 1024 bytes apart
// modulo 4096 (so an op's operands and output are not 4K-aliased), with a pad under 4096 bytes.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../runtimes/locate.mjs';

const COLOUR_MIN = 16384;

/** Runs `body` in a fresh process whose engine is initialised from build/descent.wasm; returns what it prints as JSON. */
function fresh(body) {
  const url = (p) => JSON.stringify(pathToFileURL(join(ROOT, p)).href);
  const child = `
    import { readFileSync } from 'node:fs';
    const backend = await import(${url('dist/backend/index.js')});
    const mem = await import(${url('dist/backend/memory.js')});
    backend.initEngineSync(new WebAssembly.Module(readFileSync(${JSON.stringify(join(ROOT, 'build/descent.wasm'))})));
    const heapTop = () => mem.engineMemory().heapBytes;
    ${body}`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', child], { encoding: 'utf8' });
  expect(run.stderr).to.equal('');
  return JSON.parse(run.stdout);
}

/** The size a request is rounded up to (multiples of 16 to 256, then four classes per power of two). */
function classBytes(bytes) {
  if (bytes <= 256) return Math.max(1, Math.ceil(bytes / 16)) * 16;
  const log = 31 - Math.clz32(bytes - 1);
  return 2 ** log + Math.ceil((bytes - 2 ** log) / 2 ** (log - 2)) * 2 ** (log - 2);
}

describe('allocator: placement, reuse, growth', () => {
  it('a mixed sequence of allocations and frees: aligned, disjoint, large new blocks coloured', function () {
    this.timeout(30000);
    // Seeded sizes from 4 bytes to 3 MB; about a third of the live blocks freed along the way.
    const out = fresh(`
      let s = 12345;
      const rand = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
      const live = [], events = [];
      for (let i = 0; i < 400; i++) {
        if (live.length > 0 && rand() < 0.35) {
          const [b] = live.splice(Math.floor(rand() * live.length), 1);
          mem.free(b.ptr);
          events.push({ free: b.ptr });
          continue;
        }
        const bytes = Math.floor(4 * 2 ** (rand() * 20));
        const before = heapTop();
        const ptr = mem.alloc(bytes);
        live.push({ ptr, bytes });
        events.push({ ptr, bytes, before, after: heapTop() });
      }
      console.log(JSON.stringify({ events }));`);
    const live = new Map();
    const placed = []; // large blocks placed at the top of the heap, in order
    let reused = 0;
    for (const e of out.events) {
      if (e.free !== undefined) {
        expect(live.delete(e.free), `free of ${e.free}`).to.equal(true);
        continue;
      }
      expect(e.ptr % 16, `${e.bytes} bytes at ${e.ptr}`).to.equal(0);
      const end = e.ptr + classBytes(e.bytes);
      for (const [p, q] of live) {
        // Each block and its 16-byte header lie outside every other live block and its header.
        expect(end <= p - 16 || q <= e.ptr - 16, `[${e.ptr}, ${end}) against [${p}, ${q})`).to.equal(true);
      }
      live.set(e.ptr, end);
      if (e.after === e.before) reused++;
      else if (classBytes(e.bytes) >= COLOUR_MIN) {
        // A new large block: at most 4095 bytes of pad between the old top and its header.
        // (The block ends at the new top: top_after = ptr + class size.)
        const pad = e.after - e.before - classBytes(e.bytes) - 16;
        expect(pad, `pad before ${e.bytes} bytes`).to.be.within(0, 4095);
        placed.push(e.ptr);
      }
    }
    expect(reused, 'freed blocks handed out again').to.be.greaterThan(10);
    expect(placed.length).to.be.greaterThan(20);
    for (let i = 1; i < placed.length; i++) {
      expect(((placed[i] - placed[i - 1]) % 4096 + 4096) % 4096, `colour of large block ${i}`).to.equal(1024);
    }
    // Any two of four consecutive large blocks are at least 1 KiB apart modulo 4096.
    for (let i = 3; i < placed.length; i++) {
      for (let j = i - 3; j < i; j++) {
        const d = ((placed[i] - placed[j]) % 4096 + 4096) % 4096;
        expect(Math.min(d, 4096 - d), `blocks ${j} and ${i}`).to.be.at.least(1024);
      }
    }
  });

  it("an add's operands and output (1M floats) are 1 KiB or more apart modulo 4096, and its output block comes back", function () {
    this.timeout(30000);
    const out = fresh(`
      const n = 1 << 20;
      const a = { ptr: backend.allocFloats(n), size: n }, b = { ptr: backend.allocFloats(n), size: n };
      backend.writeFloats(a, Float32Array.from({ length: n }, (_, i) => i % 7));
      backend.writeFloats(b, Float32Array.from({ length: n }, (_, i) => i % 5));
      const outs = [];
      let sum = 0;
      for (let k = 0; k < 3; k++) {
        const o = { ptr: backend.allocFloats(n), size: n };
        backend.binary(backend.OP_ADD, a, b, o);
        const r = backend.readFloats(o);
        sum += r[123457] + r[n - 1];
        outs.push(o.ptr);
        backend.freeBlock(o.ptr);
      }
      console.log(JSON.stringify({ a: a.ptr, b: b.ptr, outs, sum, heap: heapTop() }));`);
    const apart = (p, q) => { const d = ((p - q) % 4096 + 4096) % 4096; return Math.min(d, 4096 - d); };
    expect(out.outs[1]).to.equal(out.outs[0]);
    expect(out.outs[2]).to.equal(out.outs[0]);
    for (const [p, q] of [[out.a, out.b], [out.a, out.outs[0]], [out.b, out.outs[0]]]) expect(apart(p, q)).to.be.at.least(1024);
    // (123457 % 7 + 123457 % 5) + ((n - 1) % 7 + (n - 1) % 5), three times.
    const n = 1 << 20;
    expect(out.sum).to.equal(3 * ((123457 % 7) + (123457 % 5) + ((n - 1) % 7) + ((n - 1) % 5)));
    expect(out.heap, 'three blocks of 4 MiB and under 3 pads').to.be.below(3 * (4 * n + 16) + 3 * 4096 + 4096);
  });

  it('memory grows under a live block without moving or changing it', function () {
    this.timeout(30000);
    const out = fresh(`
      const small = { ptr: backend.allocFloats(1000), size: 1000 };
      backend.writeFloats(small, Float32Array.from({ length: 1000 }, (_, i) => i * 0.5));
      const wasm0 = mem.engineMemory().wasmBytes;
      const big = mem.alloc(64 << 20); // past the initial memory: grows
      const wasm1 = mem.engineMemory().wasmBytes;
      const back = Array.from(backend.readFloats(small));
      mem.free(big);
      const again = mem.alloc(64 << 20);
      console.log(JSON.stringify({ wasm0, wasm1, wasm2: mem.engineMemory().wasmBytes, ok: back.every((v, i) => v === i * 0.5), big, again }));`);
    expect(out.wasm1).to.be.greaterThan(out.wasm0);
    expect(out.wasm1, 'memory holds the new block').to.be.at.least(out.big + (64 << 20));
    expect(out.ok, 'the small block kept its data across the grow').to.equal(true);
    expect(out.again, 'the freed 64 MiB block is handed out again').to.equal(out.big);
    expect(out.wasm2, 'no further growth').to.equal(out.wasm1);
  });
});
