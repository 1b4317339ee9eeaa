// A small decoder for raw DEFLATE (RFC 1951), so the embedded data sets decode in every
// runtime: DecompressionStream is missing in some, and no file system is assumed.
// Huffman codes are canonical, so a table of code counts per length and the symbols in code
// order are enough to decode one bit at a time.

interface Huffman {
  counts: Uint16Array; // counts[len] = number of codes of that bit length
  symbols: Uint16Array; // symbols ordered by code
}

const MAX_BITS = 15;
const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
  4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
// The order in which code-length code lengths are sent in a dynamic block header.
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

function buildHuffman(lengths: ArrayLike<number>): Huffman {
  const counts = new Uint16Array(MAX_BITS + 1);
  for (let i = 0; i < lengths.length; i++) counts[lengths[i]]++;
  counts[0] = 0;
  const offsets = new Uint16Array(MAX_BITS + 2);
  for (let len = 1; len <= MAX_BITS; len++) offsets[len + 1] = offsets[len] + counts[len];
  const symbols = new Uint16Array(lengths.length);
  for (let i = 0; i < lengths.length; i++) if (lengths[i] !== 0) symbols[offsets[lengths[i]]++] = i;
  return { counts, symbols };
}

class BitReader {
  private pos = 0;
  private bitBuf = 0;
  private bitCount = 0;
  constructor(private readonly input: Uint8Array) {}

  bits(n: number): number {
    while (this.bitCount < n) {
      if (this.pos >= this.input.length) throw new Error('inflate: unexpected end of data');
      this.bitBuf |= this.input[this.pos++] << this.bitCount;
      this.bitCount += 8;
    }
    const value = this.bitBuf & ((1 << n) - 1);
    this.bitBuf >>>= n;
    this.bitCount -= n;
    return value;
  }

  alignToByte(): void {
    this.bitBuf = 0;
    this.bitCount = 0;
  }

  byte(): number {
    if (this.pos >= this.input.length) throw new Error('inflate: unexpected end of data');
    return this.input[this.pos++];
  }

  decode(h: Huffman): number {
    let code = 0; // bits read so far, most significant first
    let first = 0; // the first code of the current length
    let index = 0; // index of that first code in h.symbols
    for (let len = 1; len <= MAX_BITS; len++) {
      code |= this.bits(1);
      const count = h.counts[len];
      if (code - first < count) return h.symbols[index + code - first];
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new Error('inflate: invalid Huffman code');
  }
}

let fixedTables: [Huffman, Huffman] | null = null;

function fixedHuffman(): [Huffman, Huffman] {
  if (fixedTables === null) {
    const lengths = new Uint8Array(288);
    lengths.fill(8, 0, 144);
    lengths.fill(9, 144, 256);
    lengths.fill(7, 256, 280);
    lengths.fill(8, 280, 288);
    fixedTables = [buildHuffman(lengths), buildHuffman(new Uint8Array(30).fill(5))];
  }
  return fixedTables;
}

function dynamicHuffman(r: BitReader): [Huffman, Huffman] {
  const nLit = r.bits(5) + 257;
  const nDist = r.bits(5) + 1;
  const nCode = r.bits(4) + 4;
  const codeLengths = new Uint8Array(19);
  for (let i = 0; i < nCode; i++) codeLengths[CODE_LENGTH_ORDER[i]] = r.bits(3);
  const codeHuffman = buildHuffman(codeLengths);
  const lengths = new Uint8Array(nLit + nDist);
  for (let i = 0; i < nLit + nDist; ) {
    const sym = r.decode(codeHuffman);
    if (sym < 16) {
      lengths[i++] = sym;
      continue;
    }
    let repeat: number;
    let value = 0;
    if (sym === 16) {
      if (i === 0) throw new Error('inflate: repeat with no previous length');
      value = lengths[i - 1];
      repeat = 3 + r.bits(2);
    } else if (sym === 17) repeat = 3 + r.bits(3);
    else repeat = 11 + r.bits(7);
    if (i + repeat > nLit + nDist) throw new Error('inflate: too many code lengths');
    lengths.fill(value, i, i + repeat);
    i += repeat;
  }
  return [buildHuffman(lengths.subarray(0, nLit)), buildHuffman(lengths.subarray(nLit))];
}

/** Decompresses raw DEFLATE data whose decompressed size is known. */
export function inflateRaw(input: Uint8Array, outputSize: number): Uint8Array {
  const out = new Uint8Array(outputSize);
  let at = 0;
  const r = new BitReader(input);
  let last = 0;
  while (last === 0) {
    last = r.bits(1);
    const type = r.bits(2);
    if (type === 0) {
      r.alignToByte();
      const len = r.byte() | (r.byte() << 8);
      r.byte();
      r.byte(); // one's complement of len
      if (at + len > outputSize) throw new Error('inflate: output larger than expected');
      for (let i = 0; i < len; i++) out[at++] = r.byte();
      continue;
    }
    if (type === 3) throw new Error('inflate: invalid block type 3');
    const [lit, dist] = type === 1 ? fixedHuffman() : dynamicHuffman(r);
    for (;;) {
      const sym = r.decode(lit);
      if (sym < 256) {
        if (at >= outputSize) throw new Error('inflate: output larger than expected');
        out[at++] = sym;
      } else if (sym === 256) {
        break;
      } else {
        const li = sym - 257;
        if (li >= LENGTH_BASE.length) throw new Error(`inflate: invalid length symbol ${sym}`);
        const len = LENGTH_BASE[li] + r.bits(LENGTH_EXTRA[li]);
        const di = r.decode(dist);
        if (di >= DIST_BASE.length) throw new Error(`inflate: invalid distance symbol ${di}`);
        const back = DIST_BASE[di] + r.bits(DIST_EXTRA[di]);
        if (back > at || at + len > outputSize) throw new Error('inflate: invalid back-reference');
        for (let i = 0; i < len; i++, at++) out[at] = out[at - back];
      }
    }
  }
  if (at !== outputSize) throw new Error(`inflate: got ${at} bytes, expected ${outputSize}`);
  return out;
}
