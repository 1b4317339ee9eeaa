// The kernels' memory: hands out 16-byte aligned blocks from size-classed free lists, grows
// memory on demand, and makes fresh typed-array views whenever memory has grown (a grow
// detaches the old ArrayBuffer). Private to src/backend/: nothing outside it sees a view.

const PAGE = 65536;
const MAX_PAGES = 65536; // 4 GiB, the wasm32 limit
const ALIGN = 16;

let memory: WebAssembly.Memory | null = null;

let heapTop = 0; // first byte never handed out
let heapStart = 0;
const freeLists: number[][] = [];
let liveBytes = 0;
let liveBlocks = 0;

// Every block is preceded by a 16-byte header in Wasm memory (keeping blocks 16-byte aligned)
// whose first word records the block's size class, whether it is live, and whether the engine
// keeps it for itself (scratch, generator state: not counted in d.memory()). free() reads it
// there instead of looking the pointer up in a Map: the allocator's hot path touches no Map or
// Set, only free lists (arrays) and one word of a typed-array view.
const HEADER = 16;
const HEADER_MAGIC = 0x5eed0000; // upper half: marks a header written by alloc
const LIVE = 0x100;
const INTERNAL = 0x200;
const CLASS_MASK = 0xff;

// Views over the memory's buffer, made again only when the buffer changes: when grow() below
// grows it, or the memory is swapped or adopted (nothing else grows it: the kernels never run
// memory.grow). Reading memory.buffer is a runtime call (~30 ns), too slow for every alloc and
// free; a grown unshared memory detaches the old buffer, so current() also re-makes views whose
// length has dropped to 0.
let viewBytes = 0;
let f32View = new Float32Array(0);
let i32View = new Int32Array(0);
let u8View = new Uint8Array(0);
let f64View = new Float64Array(0);

/**
 * Moves the heap to `mem`, a shared copy of the current memory (same size, same bytes): the
 * allocator's blocks stay where they are, so every pointer stays valid.
 */
export function swapMemory(mem: WebAssembly.Memory): void {
  memory = mem;
  refreshViews();
}

/** The kernels' memory (shared once a thread pool has started). */
export function kernelMemory(): WebAssembly.Memory {
  return requireEngine();
}

/** Takes over a freshly instantiated module's memory: the heap starts at `heapBase`. */
export function adoptMemory(mem: WebAssembly.Memory, heapBase: number): void {
  memory = mem;
  heapStart = roundUp(heapBase, 64);
  heapTop = heapStart;
  freeLists.length = 0;
  liveBytes = 0;
  liveBlocks = 0;
  scratchPtr = 0;
  scratchBytes = 0;
  colourCount = 0;
  refreshViews();
}

export function engineReady(): boolean {
  return memory !== null;
}

/** Why the kernels are not running, when the entry knows (e.g. the runtime refused to compile them from bytes). */
let notReadyReason = 'descent: the Wasm kernels are not initialised (call init(module) first on this runtime)';

export function setNotReadyReason(reason: string): void {
  notReadyReason = reason;
}

function requireEngine(): WebAssembly.Memory {
  if (memory === null) throw new Error(notReadyReason);
  return memory;
}

function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

// Size classes: multiples of 16 up to 256 bytes, then four classes per power of two, so a
// block wastes at most a quarter of its size. Powers of two and class sizes come from tables
// (a variable `2 ** x` is a slow Math.pow call on every allocation otherwise).
const POW2 = Array.from({ length: 33 }, (_, i) => 2 ** i);

function sizeClass(bytes: number): number {
  if (bytes <= 256) return Math.max(1, Math.ceil(bytes / ALIGN)) - 1; // 0..15
  const log = 31 - Math.clz32(bytes - 1); // bytes in (2^log, 2^(log+1)]
  const quarter = POW2[log - 2];
  const step = Math.ceil((bytes - POW2[log]) / quarter); // 1..4
  return 16 + (log - 8) * 4 + (step - 1);
}

function classBytesOf(cls: number): number {
  if (cls < 16) return (cls + 1) * ALIGN;
  const log = 8 + Math.floor((cls - 16) / 4);
  const step = ((cls - 16) % 4) + 1;
  return 2 ** log + step * 2 ** (log - 2);
}

// Every class a 4 GiB memory can need (log up to 31).
const CLASS_BYTES = Array.from({ length: 16 + 24 * 4 }, (_, cls) => classBytesOf(cls));

function classBytes(cls: number): number {
  return CLASS_BYTES[cls];
}

/**
 * Allocates `bytes` (16-byte aligned). Throws a RangeError, changing nothing, when it cannot fit.
 * `internal` blocks (the engine's own scratch and generator state) are left out of the counts.
 */
export function alloc(bytes: number, internal = false): number {
  const mem = requireEngine();
  if (!Number.isInteger(bytes) || bytes < 0) {
    throw new RangeError(`descent: cannot allocate ${bytes} bytes: not a non-negative integer`);
  }
  if (bytes > MAX_PAGES * PAGE - heapStart) {
    // Checked before the size class, whose arithmetic is 32-bit.
    throw new RangeError(
      `descent: cannot allocate ${bytes} bytes (${mibs(bytes)} MiB): more than Wasm memory can hold ` +
        `(${mibs(MAX_PAGES * PAGE)} MiB at most; ${mibs(liveBytes)} MiB in use)`,
    );
  }
  const cls = sizeClass(bytes);
  const size = classBytes(cls);
  const list = freeLists[cls];
  let ptr: number;
  if (list !== undefined && list.length > 0) {
    ptr = list.pop() as number;
  } else {
    const at = size >= COLOUR_MIN ? coloured(heapTop + HEADER) : heapTop + HEADER;
    const end = at + size;
    if (end > viewBytes) grow(mem, end, bytes);
    ptr = at;
    heapTop = end;
    if (size >= COLOUR_MIN) colourCount++;
  }
  current();
  i32View[(ptr - HEADER) >>> 2] = HEADER_MAGIC | LIVE | (internal ? INTERNAL : 0) | cls;
  if (!internal) {
    liveBytes += size;
    liveBlocks++;
  }
  return ptr;
}

// Colouring. Large blocks of one size class sit back to back, so without care the operands and
// the output of an elementwise op start at nearly the same address modulo 4096 (16 bytes apart:
// the header). The core then takes a load of a[i + k] for a load that may read the store to
// out[i] just before it (the two agree in their low 12 bits: "4K aliasing") and waits, and the
// streams share L1 sets. So each new large block starts at the next of four colours, 1024 bytes
// apart modulo 4096: any two of four consecutive large blocks are at least 1 KiB apart there
// (an add's a, b, out; Adam's p, g, m, v). The pad (under 4 KiB, ~1 KiB when sizes are multiples
// of 4096) goes before the block's header and is never handed out. Measured on the raw kernels
// (hot, one process, CPU time): add 4K–64K elements 6–10 % faster, 1M 2 %; see the memory notes.
const COLOUR_MIN = 16384; // class bytes from which blocks are coloured (pads stay under a quarter of the block)
const COLOUR_STEP = 1024;
const COLOURS = 4; // COLOUR_STEP * COLOURS = 4096
let colourCount = 0; // large blocks placed since the heap was adopted

/** The first address at or after `at` with the next colour (pointers reach 2^32: `&` keeps the low bits exactly). */
function coloured(at: number): number {
  return at + (((colourCount % COLOURS) * COLOUR_STEP - at) & (COLOUR_STEP * COLOURS - 1));
}

function grow(mem: WebAssembly.Memory, end: number, requested: number): void {
  const have = mem.buffer.byteLength / PAGE;
  const need = Math.ceil(end / PAGE);
  if (need > MAX_PAGES) {
    throw new RangeError(
      `descent: cannot allocate ${requested} bytes: Wasm memory would need ${mibs(need * PAGE)} MiB, ` +
        `beyond its ${mibs(MAX_PAGES * PAGE)} MiB limit (${mibs(liveBytes)} MiB in use)`,
    );
  }
  // Grow geometrically so that a sequence of allocations does not grow page by page.
  const target = Math.min(MAX_PAGES, Math.max(need, Math.ceil(have * 1.5)));
  try {
    mem.grow(target - have);
  } catch {
    try {
      mem.grow(need - have);
    } catch {
      throw new RangeError(
        `descent: cannot allocate ${requested} bytes: the runtime refused to grow Wasm memory ` +
          `from ${mibs(have * PAGE)} MiB to ${mibs(need * PAGE)} MiB (${mibs(liveBytes)} MiB in use)`,
      );
    }
  }
  refreshViews();
}

function mibs(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}

/** Returns a block to its free list. Freeing an unknown pointer is a bug and throws. */
export function free(ptr: number): void {
  current();
  const at = (ptr - HEADER) >>> 2;
  const header = ptr >= heapStart + HEADER && ptr < heapTop && (ptr & 15) === 0 ? i32View[at] : 0;
  if ((header & 0xffff0000) !== HEADER_MAGIC || (header & LIVE) === 0) {
    throw new Error(`descent: internal error: free of unknown block ${ptr}`);
  }
  i32View[at] = header & ~LIVE;
  const cls = header & CLASS_MASK;
  (freeLists[cls] ??= []).push(ptr);
  if ((header & INTERNAL) !== 0) return;
  liveBytes -= classBytes(cls);
  liveBlocks--;
}

function refreshViews(): void {
  const buffer = requireEngine().buffer;
  viewBytes = buffer.byteLength;
  f32View = new Float32Array(buffer);
  i32View = new Int32Array(buffer);
  u8View = new Uint8Array(buffer);
  f64View = new Float64Array(buffer, 0, buffer.byteLength >>> 3);
}

function current(): void {
  if (i32View.length === 0) refreshViews();
}

/** The whole memory as float32; valid until the next allocation. Index with ptr >>> 2 (pointers reach 2^32: never a signed shift). */
export function heapF32(): Float32Array {
  current();
  return f32View;
}

export function heapI32(): Int32Array {
  current();
  return i32View;
}

export function heapF64(): Float64Array {
  current();
  return f64View;
}

export function heapU8(): Uint8Array {
  current();
  return u8View;
}

/** A fresh float32 view of `length` elements at `ptr`; valid until the next allocation. */
export function viewF32(ptr: number, length: number): Float32Array {
  current();
  return f32View.subarray(ptr >>> 2, (ptr >>> 2) + length);
}

export function viewI32(ptr: number, length: number): Int32Array {
  current();
  return i32View.subarray(ptr >>> 2, (ptr >>> 2) + length);
}

export interface EngineMemory {
  /** Live blocks handed out by the allocator (tensor data, optimizer state; not the engine's own). */
  blocks: number;
  /** Bytes in live blocks (rounded up to their size class). */
  bytes: number;
  /** The Wasm memory's current size. */
  wasmBytes: number;
  /** The high-water mark of the heap, including free blocks kept for reuse. */
  heapBytes: number;
}

export function engineMemory(): EngineMemory {
  const mem = requireEngine();
  return { blocks: liveBlocks, bytes: liveBytes, wasmBytes: mem.buffer.byteLength, heapBytes: heapTop - heapStart };
}

// A scratch block that kernels may use (packing panels, shape tables); grown, never shrunk.
let scratchPtr = 0;
let scratchBytes = 0;

/** A scratch area of at least `bytes`, owned by the engine; valid until the next call. */
export function scratch(bytes: number): number {
  if (bytes > scratchBytes) {
    const ptr = alloc(bytes, true);
    if (scratchBytes > 0) free(scratchPtr);
    scratchPtr = ptr;
    scratchBytes = classBytes(sizeClass(bytes));
  }
  return scratchPtr;
}

/** Writes small integer tables (shapes, strides) into a scratch area and returns its pointer. */
export function writeI32Table(values: readonly number[], offset = 0): number {
  const base = scratch(offset + values.length * 4 + 16);
  const view = heapI32();
  const start = (base + offset) >>> 2;
  for (let i = 0; i < values.length; i++) view[start + i] = values[i];
  return base + offset;
}
