// Stochastic gradient descent with momentum, dampening, Nesterov momentum, L2 weight decay and
// maximisation (torch.optim.SGD). Batch, mini-batch and stochastic gradient descent are this
// same update fed gradients of different batch sizes. Kernel: assembly/optim/sgd.ts.
import { Tensor } from '../tensor.js';
import { sgdUpdate, SGD_MOMENTUM, SGD_NESTEROV, SGD_DECAY } from '../backend/index.js';
import { Optimizer, ParamGroup, ParamsInput, ParamState, StateLayout, nonNegative, require } from './optimizer.js';

export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
  maximize: boolean;
}

export class SGD extends Optimizer<SGDOptions> {
  constructor(params: ParamsInput<SGDOptions>, options: Partial<SGDOptions> = {}) {
    super('SGD', params, {
      lr: undefined as unknown as number, // required, as in torch
      momentum: 0,
      dampening: 0,
      nesterov: false,
      weightDecay: 0,
      maximize: false,
    }, options);
  }

  protected validate(o: SGDOptions): void {
    require(nonNegative(o.lr), `Invalid learning rate: ${o.lr}`);
    require(nonNegative(o.momentum), `Invalid momentum value: ${o.momentum}`);
    require(nonNegative(o.weightDecay), `Invalid weight_decay value: ${o.weightDecay}`);
    require(!o.nesterov || (o.momentum > 0 && o.dampening === 0), 'Nesterov momentum requires a momentum and zero dampening');
  }

  protected layout(group: ParamGroup<SGDOptions>): StateLayout {
    return { scalars: {}, buffers: group.momentum !== 0 ? { momentumBuffer: 0 } : {} };
  }

  protected update(p: Tensor, g: Tensor, state: ParamState, group: ParamGroup<SGDOptions>, created: boolean): void {
    if (p.size === 0) return;
    const { lr, momentum, dampening, nesterov, weightDecay, maximize } = group;
    let mode = momentum === 0 ? 0 : nesterov ? SGD_NESTEROV : SGD_MOMENTUM;
    if (weightDecay !== 0) mode |= SGD_DECAY;
    // On the first step torch sets buf = d; the buffer starts at zero, so 0·buf + 1·d does that.
    const bufDecay = created ? 0 : momentum;
    const gradWeight = created ? 1 : 1 - dampening;
    const hyper = [lr, maximize ? -1 : 1, weightDecay, bufDecay, gradWeight, momentum];
    sgdUpdate(mode, p, g, state.buffers.momentumBuffer ?? 0, hyper);
  }
}
