// Stable sorting along an axis (sort, argsort) and the k smallest keys of a line (topk). Each
// line x[o, :, i] of a tensor viewed as [outer, len, inner] is ordered by a 64-bit key per
// element: a 32-bit unsigned key that orders floats as torch does (-0 equals +0, since x + 0
// turns -0 into +0; every NaN is largest and equal to the others; descending order is the key's
// complement, NaN first) above the element's position. Keys are then distinct and their order
// is the stable order, so no comparison looks anything up. Values and indices are read back
// from the sorted keys.
//
// The key transform runs four elements per v128 when the line is contiguous (inner = 1), with a
// scalar tail. Sorting is insertion-sorted runs of 16 and bottom-up merges (data-dependent
// comparisons, nothing to vectorise); topk keeps the k smallest keys in a sorted buffer, which
// most elements leave after one comparison.

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
@inline function at(p: usize, j: i32): u64 {
  return load<u64>(p + (<usize>j << 3));
}

// @ts-ignore: decorator
@inline function put(p: usize, j: i32, v: u64): void {
  store<u64>(p + (<usize>j << 3), v);
}

/** Writes the 64-bit keys (key << 32 | position) of line x[.. stride ..] into keys[0..len). */
// @ts-ignore: decorator
@inline function writeKeys(line: usize, stride: usize, len: i32, flip: u32, keys: usize): void {
  let l = 0;
  if (stride == 4) {
    const flipv = i32x4.splat(<i32>flip);
    for (; l + 4 <= len; l += 4) {
      const k = sortKeyx4(v128.load(line + (<usize>l << 2)), flipv);
      const pos = i32x4(l, l + 1, l + 2, l + 3);
      v128.store(keys + (<usize>l << 3), i32x4.shuffle(pos, k, 0, 4, 1, 5));
      v128.store(keys + (<usize>l << 3), i32x4.shuffle(pos, k, 2, 6, 3, 7), 16);
    }
  }
  for (; l < len; l++) put(keys, l, (<u64>sortKey(load<f32>(line + <usize>l * stride), flip) << 32) | <u64>l);
}

/** Sorts keys[0..len) ascending (tmp: len more words); returns the buffer holding the result. */
// @ts-ignore: decorator
@inline function mergeSort(keys: usize, tmp: usize, len: i32): usize {
  for (let start = 0; start < len; start += RUN) {
    const end = min<i32>(start + RUN, len);
    for (let j = start + 1; j < end; j++) {
      const cur = at(keys, j);
      let k = j - 1;
      while (k >= start && at(keys, k) > cur) {
        put(keys, k + 1, at(keys, k));
        k--;
      }
      put(keys, k + 1, cur);
    }
  }
  let from = keys, to = tmp;
  for (let width = RUN; width < len; width <<= 1) {
    for (let left = 0; left < len; left += width << 1) {
      const mid = min<i32>(left + width, len);
      const right = min<i32>(left + (width << 1), len);
      let a = left, b = mid, w = left;
      while (a < mid && b < right) {
        const ka = at(from, a), kb = at(from, b);
        if (kb < ka) { put(to, w, kb); b++; } else { put(to, w, ka); a++; }
        w++;
      }
      if (a < mid) memory.copy(to + (<usize>w << 3), from + (<usize>a << 3), <usize>(mid - a) << 3);
      else if (b < right) memory.copy(to + (<usize>w << 3), from + (<usize>b << 3), <usize>(right - b) << 3);
    }
    const t = from; from = to; to = t;
  }
  return from;
}

/** values/indices[j] (stride apart) from the first n sorted keys of the line. */
// @ts-ignore: decorator
@inline function readBack(sorted: usize, n: i32, line: usize, stride: usize, values: usize, indices: usize): void {
  for (let j = 0; j < n; j++) {
    const from = <i32>(at(sorted, j) & 0xffffffff);
    store<f32>(values + <usize>j * stride, load<f32>(line + <usize>from * stride));
    store<f32>(indices + <usize>j * stride, <f32>from);
  }
}

/**
 * Sorts every line x[o, :, i] (ascending, or descending when `descending` is 1), stably:
 * values[o, l, i] is the l-th smallest (largest) and indices[o, l, i] its position in the line,
 * as a float32. keys and tmp are scratch of len 64-bit words each.
 */
export function sortAxis(x: usize, values: usize, indices: usize, outer: i32, len: i32, inner: i32, descending: i32, keys: usize, tmp: usize): void {
  const flip: u32 = descending != 0 ? 0xffffffff : 0;
  const stride = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = (<usize>o * <usize>len * <usize>inner + <usize>i) << 2;
      writeKeys(x + base, stride, len, flip, keys);
      readBack(mergeSort(keys, tmp, len), len, x + base, stride, values + base, indices + base);
    }
  }
}

/**
 * The first k of every line in sort order (the k smallest, or largest when `descending` is 1;
 * ties in their original order): values and indices are [outer, k, inner]. best is scratch of
 * k 64-bit words.
 */
export function topkAxis(x: usize, values: usize, indices: usize, outer: i32, len: i32, inner: i32, k: i32, descending: i32, best: usize): void {
  const flip: u32 = descending != 0 ? 0xffffffff : 0;
  const stride = <usize>inner << 2;
  if (k == 0) return;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const line = x + ((<usize>o * <usize>len * <usize>inner + <usize>i) << 2);
      let count = 0;
      for (let l = 0; l < len; l++) {
        const key = (<u64>sortKey(load<f32>(line + <usize>l * stride), flip) << 32) | <u64>l;
        if (count == k && key >= at(best, k - 1)) continue;
        let j = count < k ? count++ : k - 1;
        while (j > 0 && at(best, j - 1) > key) {
          put(best, j, at(best, j - 1));
          j--;
        }
        put(best, j, key);
      }
      const out = (<usize>o * <usize>k * <usize>inner + <usize>i) << 2;
      readBack(best, k, line, stride, values + out, indices + out);
    }
  }
}
