// A direct (im2col-free) 2-D convolution, stride 1, kept only to measure the choice made in
// assembly/conv.ts: for each image, output channel and kernel tap, out_row += w · shifted
// input row, SIMD over the output columns (bench/conv-direct.mjs runs it against conv2d).
export function conv2dDirect(x: usize, w: usize, out: usize, N: i32, C: i32, H: i32, W: i32, O: i32, kh: i32, kw: i32, ph: i32, pw: i32, Ho: i32, Wo: i32): void {
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const on = out + (<usize>((n * O + o) * Ho * Wo) << 2);
      memory.fill(on, 0, <usize>(Ho * Wo) << 2);
      for (let c = 0; c < C; c++) {
        const plane = x + (<usize>((n * C + c) * H * W) << 2);
        for (let i = 0; i < kh; i++) {
          for (let j = 0; j < kw; j++) {
            const wv = load<f32>(w + (<usize>(((o * C + c) * kh + i) * kw + j) << 2));
            const w4 = f32x4.splat(wv);
            const off = j - pw;
            const lo = off >= 0 ? 0 : -off;
            const hi = W - off < Wo ? W - off : Wo;
            for (let oh = 0; oh < Ho; oh++) {
              const ih = oh - ph + i;
              if (ih < 0 || ih >= H) continue;
              const src = plane + (<usize>(ih * W + off) << 2);
              const dst = on + (<usize>(oh * Wo) << 2);
              let ow = lo;
              for (; ow + 4 <= hi; ow += 4) {
                const q = <usize>ow << 2;
                v128.store(dst + q, f32x4.add(v128.load(dst + q), f32x4.mul(v128.load(src + q), w4)));
              }
              for (; ow < hi; ow++) {
                const q = <usize>ow << 2;
                store<f32>(dst + q, load<f32>(dst + q) + load<f32>(src + q) * wv);
              }
            }
          }
        }
      }
    }
  }
}
