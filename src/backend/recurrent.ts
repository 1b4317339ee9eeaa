// Recurrent kernels (assembly/recurrent.ts), typed over Blocks: one direction of one layer over
// a whole sequence. The state tensor `states` holds hs [T,B,H] (and for the LSTM cs [T,B,H] right
// after it); the gate scratch and the matmul workspace are allocated here.
import { K } from './instance.js';
import { alloc, free, scratch } from './memory.js';
import type { Block } from './data.js';

export interface ScanShape { T: number; B: number; H: number; reverse: boolean }

function work(B: number, H: number, G: number): number {
  return scratch(Math.max(K.matmulScratchBytes(B, H, G * H), K.matmulScratchBytes(B, G * H, H)) + 16);
}

/** states [2,T,B,H] = (hs, cs), acts [T,B,4H]. */
export function lstmForward(xp: Block, whh: Block, h0: Block, c0: Block, states: Block, acts: Block, s: ScanShape): void {
  if (s.T * s.B * s.H === 0) return;
  const gates = alloc(16 * s.B * s.H);
  const cs = states.ptr + 4 * s.T * s.B * s.H;
  K.lstmForward(xp.ptr, whh.ptr, h0.ptr, c0.ptr, states.ptr, cs, acts.ptr, gates, s.T, s.B, s.H, s.reverse ? 1 : 0, work(s.B, s.H, 4));
  free(gates);
}

/** dstates [2,T,B,H] → dgates [T,B,4H], dh0 [B,H], dc0 [B,H]. */
export function lstmBackward(whh: Block, c0: Block, states: Block, acts: Block, dstates: Block, dgates: Block, dh0: Block, dc0: Block, s: ScanShape): void {
  if (s.T * s.B * s.H === 0) return;
  const off = 4 * s.T * s.B * s.H;
  K.lstmBackward(whh.ptr, c0.ptr, states.ptr + off, acts.ptr, dstates.ptr, dstates.ptr + off, dgates.ptr, dh0.ptr, dc0.ptr,
    s.T, s.B, s.H, s.reverse ? 1 : 0, work(s.B, s.H, 4));
}

/** hs [T,B,H], acts [T,B,4H]; bhh null: no bias. */
export function gruForward(xp: Block, whh: Block, bhh: Block | null, h0: Block, hs: Block, acts: Block, s: ScanShape): void {
  if (s.T * s.B * s.H === 0) return;
  const hp = alloc(12 * s.B * s.H);
  K.gruForward(xp.ptr, whh.ptr, bhh === null ? 0 : bhh.ptr, h0.ptr, hs.ptr, acts.ptr, hp, s.T, s.B, s.H, s.reverse ? 1 : 0, work(s.B, s.H, 3));
  free(hp);
}

/** dhs [T,B,H] → dxp, dhp [T,B,3H], dh0 [B,H]. */
export function gruBackward(whh: Block, h0: Block, hs: Block, acts: Block, dhs: Block, dxp: Block, dhp: Block, dh0: Block, s: ScanShape): void {
  if (s.T * s.B * s.H === 0) return;
  const tmp = alloc(4 * s.B * s.H);
  K.gruBackward(whh.ptr, h0.ptr, hs.ptr, acts.ptr, dhs.ptr, dxp.ptr, dhp.ptr, dh0.ptr, tmp, s.T, s.B, s.H, s.reverse ? 1 : 0, work(s.B, s.H, 3));
  free(tmp);
}

/** hs [T,B,H]; relu: the ReLU nonlinearity instead of tanh. */
export function rnnForward(xp: Block, whh: Block, h0: Block, hs: Block, relu: boolean, s: ScanShape): void {
  if (s.T * s.B * s.H === 0) return;
  K.rnnForward(xp.ptr, whh.ptr, h0.ptr, hs.ptr, s.T, s.B, s.H, relu ? 1 : 0, s.reverse ? 1 : 0, work(s.B, s.H, 1));
}

/** dhs [T,B,H] → da [T,B,H] (pre-activation gradient), dh0 [B,H]. */
export function rnnBackward(whh: Block, hs: Block, dhs: Block, da: Block, dh0: Block, relu: boolean, s: ScanShape): void {
  if (s.T * s.B * s.H === 0) return;
  K.rnnBackward(whh.ptr, hs.ptr, dhs.ptr, da.ptr, dh0.ptr, s.T, s.B, s.H, relu ? 1 : 0, s.reverse ? 1 : 0, work(s.B, s.H, 1));
}
