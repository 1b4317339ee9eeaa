// The gradient of an embedding lookup (the lookup itself is gather.ts's gatherRows).

/** dst row indices[i] += src row i, skipping index `skip` (-1: none); dst is zeroed first. */
export function scatterAddRows(src: usize, indices: usize, count: i32, width: i32, dst: usize, rows: i32, skip: i32): void {
  memory.fill(dst, 0, <usize>(rows * width) << 2);
  for (let i = 0; i < count; i++) {
    const row = load<i32>(indices + (<usize>i << 2));
    if (row == skip) continue;
    const to = dst + (<usize>(row * width) << 2);
    const from = src + (<usize>(i * width) << 2);
    let j = 0;
    for (; j + 4 <= width; j += 4) {
      const q = <usize>j << 2;
      v128.store(to + q, f32x4.add(v128.load(to + q), v128.load(from + q)));
    }
    for (; j < width; j++) {
      const q = <usize>j << 2;
      store<f32>(to + q, load<f32>(to + q) + load<f32>(from + q));
    }
  }
}
