// SGD with momentum, dampening, Nesterov and coupled weight decay (torch.optim.SGD), one pass.
//
//   d   = s·g + λ·p                       s = −1 when maximising; the λ term only with decay
//   buf = μ·buf + (1 − τ)·d                (first step: buf = d, i.e. μ := 0, 1 − τ := 1)
//   d   = d + μ·buf    (Nesterov)    or    d = buf    (heavy ball)    or    d as is (plain)
//   p   = p − η·d
//
// hyper → f32 [η, s, λ, μ (buffer decay), 1 − τ (gradient weight), μ (Nesterov)]
import { hyperAt as h, stageIn, stageOut } from './tail';
import { SGD_PLAIN, SGD_MOMENTUM, SGD_NESTEROV, SGD_DECAY } from '../opcodes';

// @ts-ignore: decorator
@inline function sgdLanes(mode: i32, p: usize, g: usize, buf: usize, lr: v128, sign: v128,
  decay: v128, bufDecay: v128, gradWeight: v128, nesterov: v128): void {
  const param = v128.load(p);
  let d = f32x4.mul(v128.load(g), sign);
  if (mode & SGD_DECAY) d = f32x4.add(d, f32x4.mul(decay, param));
  const kind = mode & 3;
  if (kind != SGD_PLAIN) {
    const b = f32x4.add(f32x4.mul(v128.load(buf), bufDecay), f32x4.mul(gradWeight, d));
    v128.store(buf, b);
    d = kind == SGD_NESTEROV ? f32x4.add(d, f32x4.mul(nesterov, b)) : b;
  }
  v128.store(p, f32x4.sub(param, f32x4.mul(lr, d)));
}

// @ts-ignore: decorator
@inline function sgdLoop(mode: i32, p: usize, g: usize, buf: usize, n: i32, hyper: usize): void {
  const lr = h(hyper, 0), sign = h(hyper, 1), decay = h(hyper, 2);
  const bufDecay = h(hyper, 3), gradWeight = h(hyper, 4), nesterov = h(hyper, 5);
  const hasBuf = (mode & 3) != SGD_PLAIN;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    sgdLanes(mode, p + o, g + o, hasBuf ? buf + o : 0, lr, sign, decay, bufDecay, gradWeight, nesterov);
  }
  const rest = n - i;
  if (rest == 0) return;
  const o = <usize>i << 2;
  const bufAt: usize = hasBuf ? buf + o : 0;
  sgdLanes(mode, stageIn(0, p + o, rest), stageIn(1, g + o, rest), stageIn(2, bufAt, rest),
    lr, sign, decay, bufDecay, gradWeight, nesterov);
  stageOut(0, p + o, rest);
  stageOut(2, bufAt, rest);
}

// One exported kernel per mode, each with its own specialised loop; the entry below dispatches
// once per call (test/node/kernel-dispatch.test.mjs checks the built module).
export function sgdPlain(p: usize, g: usize, buf: usize, n: i32, hyper: usize): void { sgdLoop(SGD_PLAIN, p, g, buf, n, hyper); }
export function sgdMomentum(p: usize, g: usize, buf: usize, n: i32, hyper: usize): void { sgdLoop(SGD_MOMENTUM, p, g, buf, n, hyper); }
export function sgdNesterov(p: usize, g: usize, buf: usize, n: i32, hyper: usize): void { sgdLoop(SGD_NESTEROV, p, g, buf, n, hyper); }
export function sgdPlainDecay(p: usize, g: usize, buf: usize, n: i32, hyper: usize): void { sgdLoop(SGD_DECAY | SGD_PLAIN, p, g, buf, n, hyper); }
export function sgdMomentumDecay(p: usize, g: usize, buf: usize, n: i32, hyper: usize): void { sgdLoop(SGD_DECAY | SGD_MOMENTUM, p, g, buf, n, hyper); }
export function sgdNesterovDecay(p: usize, g: usize, buf: usize, n: i32, hyper: usize): void { sgdLoop(SGD_DECAY | SGD_NESTEROV, p, g, buf, n, hyper); }

/** One SGD step over n elements of param p, gradient g and momentum buffer buf (0 if plain). */
export function sgdUpdate(mode: i32, p: usize, g: usize, buf: usize, n: i32, hyper: usize): void {
  switch (mode) {
    case SGD_PLAIN: sgdPlain(p, g, buf, n, hyper); break;
    case SGD_MOMENTUM: sgdMomentum(p, g, buf, n, hyper); break;
    case SGD_NESTEROV: sgdNesterov(p, g, buf, n, hyper); break;
    case SGD_DECAY | SGD_PLAIN: sgdPlainDecay(p, g, buf, n, hyper); break;
    case SGD_DECAY | SGD_MOMENTUM: sgdMomentumDecay(p, g, buf, n, hyper); break;
    default: sgdNesterovDecay(p, g, buf, n, hyper);
  }
}
