// Stable sorting along an axis (sort, argsort, topk). Each line x[o, :, i] of a tensor viewed as
// [outer, len, inner] is sorted by an integer key per element, so that one unsigned comparison
// orders floats as torch does: -0 equals +0 (x + 0 turns -0 into +0), every NaN is largest and
// equal to the others, and descending order is the key's complement (NaN first, ties still in
// their original order). A merge sort (insertion-sorted runs of 16, then bottom-up merges that
// take the left element on a tie) orders a permutation of the line; values and indices are then
// read through it. Scratch: keys (u32), and two permutation buffers (i32), each of len words.
//
// The key transform runs four elements per v128 when the line is contiguous (inner = 1), with a
// scalar tail; the merges are data-dependent comparisons, with nothing to vectorise.

const RUN = 16;

// @ts-ignore: decorator
@inline function sortKey(v: f32, flip: u32): u32 {
  const b = reinterpret<u32>(v + 0);
  const k = b ^ ((<u32>(<i32>b >> 31)) | 0x80000000);
  return (v != v ? 0xffffffff : k) ^ flip;
}

// @ts-ignore: decorator
@inline function sortKeyx4(v: v128, flip: v128): v128 {
  const b = f32x4.add(v, f32x4.splat(0));
  const k = v128.xor(b, v128.or(i32x4.shr_s(b, 31), i32x4.splat(0x80000000)));
  return v128.xor(v128.or(k, f32x4.ne(v, v)), flip);
}

// @ts-ignore: decorator
@inline function keyAt(keys: usize, j: i32): u32 {
  return load<u32>(keys + (<usize>j << 2));
}

/** Stable sort of perm[0..len) (initially 0..len-1) by keys; returns the buffer holding it. */
// @ts-ignore: decorator
@inline function mergeSort(keys: usize, perm: usize, tmp: usize, len: i32): usize {
  for (let start = 0; start < len; start += RUN) {
    const end = min<i32>(start + RUN, len);
    for (let j = start + 1; j < end; j++) {
      const cur = load<i32>(perm + (<usize>j << 2));
      const key = keyAt(keys, cur);
      let k = j - 1;
      while (k >= start && keyAt(keys, load<i32>(perm + (<usize>k << 2))) > key) {
        store<i32>(perm + (<usize>(k + 1) << 2), load<i32>(perm + (<usize>k << 2)));
        k--;
      }
      store<i32>(perm + (<usize>(k + 1) << 2), cur);
    }
  }
  let from = perm, to = tmp;
  for (let width = RUN; width < len; width <<= 1) {
    for (let left = 0; left < len; left += width << 1) {
      const mid = min<i32>(left + width, len);
      const right = min<i32>(left + (width << 1), len);
      let a = left, b = mid, w = left;
      while (a < mid && b < right) {
        const pa = load<i32>(from + (<usize>a << 2));
        const pb = load<i32>(from + (<usize>b << 2));
        if (keyAt(keys, pb) < keyAt(keys, pa)) { store<i32>(to + (<usize>w << 2), pb); b++; }
        else { store<i32>(to + (<usize>w << 2), pa); a++; }
        w++;
      }
      while (a < mid) { store<i32>(to + (<usize>w << 2), load<i32>(from + (<usize>a << 2))); a++; w++; }
      while (b < right) { store<i32>(to + (<usize>w << 2), load<i32>(from + (<usize>b << 2))); b++; w++; }
    }
    const t = from; from = to; to = t;
  }
  return from;
}

/**
 * Sorts every line x[o, :, i] (ascending, or descending when `descending` is 1), stably:
 * values[o, l, i] is the l-th smallest (largest) and indices[o, l, i] its position in the line,
 * as a float32. keys, perm and tmp are scratch of len 32-bit words each.
 */
export function sortAxis(x: usize, values: usize, indices: usize, outer: i32, len: i32, inner: i32, descending: i32,
  keys: usize, perm: usize, tmp: usize): void {
  const flip: u32 = descending != 0 ? 0xffffffff : 0;
  const flipv = i32x4.splat(<i32>flip);
  const stride = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = (<usize>o * <usize>len * <usize>inner + <usize>i) << 2;
      const line = x + base;
      let l = 0;
      if (inner == 1) {
        for (; l + 4 <= len; l += 4) {
          v128.store(keys + (<usize>l << 2), sortKeyx4(v128.load(line + (<usize>l << 2)), flipv));
          v128.store(perm + (<usize>l << 2), i32x4(l, l + 1, l + 2, l + 3));
        }
      }
      for (; l < len; l++) {
        store<u32>(keys + (<usize>l << 2), sortKey(load<f32>(line + <usize>l * stride), flip));
        store<i32>(perm + (<usize>l << 2), l);
      }
      const sorted = mergeSort(keys, perm, tmp, len);
      for (let j = 0; j < len; j++) {
        const from = load<i32>(sorted + (<usize>j << 2));
        store<f32>(values + base + <usize>j * stride, load<f32>(line + <usize>from * stride));
        store<f32>(indices + base + <usize>j * stride, <f32>from);
      }
    }
  }
}
