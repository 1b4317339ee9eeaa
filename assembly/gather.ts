// Row gathers for data loading: the rows of a mini-batch, picked by index, copied into one
// contiguous block (one bulk copy per row, no per-row call from TypeScript).

/** dst row i = src row indices[i], for `count` rows of `width` floats (indices are i32). */
export function gatherRows(src: usize, indices: usize, count: i32, width: i32, dst: usize): void {
  const bytes = <usize>width << 2;
  for (let i = 0; i < count; i++) {
    const row = <usize>load<i32>(indices + (<usize>i << 2));
    memory.copy(dst + <usize>i * bytes, src + row * bytes, bytes);
  }
}
