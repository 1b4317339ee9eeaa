// One direction of one recurrent layer over a whole sequence, as ONE recorded op (torch.nn.RNN,
// LSTM, GRU are stacks of these; see src/nn/recurrent.ts). The input projection xp = x·W_ihᵀ + b
// of every step is computed by the caller as one product; here each step's recurrent product
// and its fused gate kernel run in assembly/recurrent.ts, and the backward walks time in reverse
// with one fused gate-gradient pass per step, then forms the W_hh gradient as one product
// dgatesᵀ·h_prev over all steps.
import { Tensor, formatShape, isGradEnabled } from '../tensor.js';
import * as kernels from '../backend/index.js';
import { record } from '../autograd.js';
import { matmulTransposedA } from './linalg.js';

export type RecurrentMode = 'LSTM' | 'GRU' | 'RNN_TANH' | 'RNN_RELU';

/** Gates per mode: rows of W_ih / W_hh are gates·hidden. */
export function gateCount(mode: RecurrentMode): number {
  return mode === 'LSTM' ? 4 : mode === 'GRU' ? 3 : 1;
}

/**
 * The states of one direction over xp [T, B, G·H]: LSTM → [2, T, B, H] (h then c for every step),
 * GRU / RNN → [T, B, H]. whh [G·H, H]; bhh [G·H] only for the GRU (the others fold it into xp);
 * h0, c0 [B, H]. `reverse` runs time backwards (outputs stay in time order). `op` names the
 * layer in messages.
 */
export function recurrentScan(mode: RecurrentMode, xp: Tensor, whh: Tensor, bhh: Tensor | null, h0: Tensor,
  c0: Tensor | null, reverse: boolean, op: string): Tensor {
  const [T, B, GH] = xp.shape;
  const H = h0.shape[1];
  const G = gateCount(mode);
  if (xp.ndim !== 3 || GH !== G * H || whh.shape[0] !== G * H || whh.shape[1] !== H || h0.shape[0] !== B) {
    throw new Error(`${op}: internal shape mismatch xp ${formatShape(xp.shape)}, weight_hh ${formatShape(whh.shape)}, h0 ${formatShape(h0.shape)}`);
  }
  const s = { T, B, H, reverse };
  const lstm = mode === 'LSTM';
  const relu = mode === 'RNN_RELU';
  const states = Tensor.empty(lstm ? [2, T, B, H] : [T, B, H]);
  const acts = mode === 'LSTM' || mode === 'GRU' ? Tensor.empty([T, B, 4 * H]) : null;
  if (lstm) kernels.lstmForward(xp, whh, h0, c0 as Tensor, states, acts as Tensor, s);
  else if (mode === 'GRU') kernels.gruForward(xp, whh, bhh, h0, states, acts as Tensor, s);
  else kernels.rnnForward(xp, whh, h0, states, relu, s);

  const inputs = [xp, whh, ...(bhh === null ? [] : [bhh]), h0, ...(c0 === null ? [] : [c0])];
  const out = record(states, op, inputs, (g) => {
    if (isGradEnabled()) {
      throw new Error(`${op}: gradients of gradients through a recurrent layer (createGraph: true in backward or d.grad, d.hessian, d.hvp) are not implemented; ` +
        'first gradients (createGraph: false) are; no .grad was changed');
    }
    const dxp = Tensor.empty([T, B, G * H]);
    const dh0 = Tensor.empty([B, H]);
    let dc0: Tensor | null = null;
    let dhp: Tensor = dxp;
    if (lstm) {
      dc0 = Tensor.empty([B, H]);
      kernels.lstmBackward(whh, c0 as Tensor, states, acts as Tensor, g, dxp, dh0, dc0, s);
    } else if (mode === 'GRU') {
      dhp = Tensor.empty([T, B, G * H]);
      kernels.gruBackward(whh, h0, states, acts as Tensor, g, dxp, dhp, dh0, s);
    } else {
      kernels.rnnBackward(whh, states, g, dxp, dh0, relu, s);
    }
    // h_prev of every step, in the order of dhp's rows: h0 then h_0..h_{T-2} (forward), or
    // h_1..h_{T-1} then h0 (reverse).
    const hprev = Tensor.empty([T * B, H]);
    const BH = B * H;
    if (T > 0 && BH > 0) {
      if (!reverse) {
        kernels.copyRange(h0, 0, hprev, 0, BH);
        if (T > 1) kernels.copyRange(states, 0, hprev, BH, (T - 1) * BH);
      } else {
        if (T > 1) kernels.copyRange(states, BH, hprev, 0, (T - 1) * BH);
        kernels.copyRange(h0, 0, hprev, (T - 1) * BH, BH);
      }
    }
    const dhp2 = dhp.reshape([T * B, G * H]);
    const dwhh = whh.requiresGrad ? matmulTransposedA(dhp2, hprev) : null;
    const dbhh = bhh !== null && bhh.requiresGrad ? dhp2.sum(0) : null;
    hprev.dispose();
    dhp2.dispose();
    if (dhp !== dxp) dhp.dispose();
    return [
      xp.requiresGrad ? dxp : (dxp.dispose(), null), dwhh,
      ...(bhh === null ? [] : [dbhh]),
      h0.requiresGrad ? dh0 : (dh0.dispose(), null),
      ...(c0 === null ? [] : [c0.requiresGrad ? dc0 : (dc0?.dispose(), null)]),
    ];
  });
  if (out.node === null) acts?.dispose();
  return out;
}
