// RMSprop (Hinton; torch.optim.RMSprop), plain, with momentum, and centered (Graves).
// Kernel and maths: assembly/optim/rmsprop.ts.
import { Tensor } from '../tensor.js';
import { rmspropUpdate, RMSPROP_DECAY, RMSPROP_CENTERED, RMSPROP_MOMENTUM } from '../backend/index.js';
import { Optimizer, ParamGroup, ParamsInput, ParamState, StateLayout, nonNegative, require } from './optimizer.js';

export interface RMSpropOptions {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
}

export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: ParamsInput<RMSpropOptions>, options: Partial<RMSpropOptions> = {}) {
    super('RMSprop', params, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false }, options);
  }

  protected validate(o: RMSpropOptions): void {
    require(nonNegative(o.lr), `Invalid learning rate: ${o.lr}`);
    require(nonNegative(o.eps), `Invalid epsilon value: ${o.eps}`);
    require(nonNegative(o.momentum), `Invalid momentum value: ${o.momentum}`);
    require(nonNegative(o.weightDecay), `Invalid weight_decay value: ${o.weightDecay}`);
    require(nonNegative(o.alpha), `Invalid alpha value: ${o.alpha}`);
  }

  protected layout(group: ParamGroup<RMSpropOptions>): StateLayout {
    const buffers: Record<string, number> = { squareAvg: 0 };
    if (group.momentum > 0) buffers.momentumBuffer = 0;
    if (group.centered) buffers.gradAvg = 0;
    return { scalars: { step: 0 }, buffers };
  }

  protected update(p: Tensor, g: Tensor, state: ParamState, group: ParamGroup<RMSpropOptions>): void {
    state.scalars.step++;
    if (p.size === 0) return;
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
    let mode = weightDecay !== 0 ? RMSPROP_DECAY : 0;
    if (centered) mode |= RMSPROP_CENTERED;
    if (momentum > 0) mode |= RMSPROP_MOMENTUM;
    const hyper = [maximize ? -1 : 1, weightDecay, alpha, 1 - alpha, eps, momentum, -lr];
    const b = state.buffers;
    rmspropUpdate(mode, p, g, b.squareAvg, b.gradAvg ?? 0, b.momentumBuffer ?? 0, hyper);
  }
}
