// Adagrad (Duchi et al.; torch.optim.Adagrad) with learning-rate decay, L2 weight decay and an
// initial accumulator value. Kernel and maths: assembly/optim/adagrad.ts.
import { Tensor } from '../tensor.js';
import { adagradUpdate, ADAGRAD_DECAY } from '../backend/index.js';
import { Optimizer, ParamGroup, ParamsInput, ParamState, StateLayout, nonNegative, require } from './optimizer.js';

export interface AdagradOptions {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
}

export class Adagrad extends Optimizer<AdagradOptions> {
  constructor(params: ParamsInput<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    super('Adagrad', params, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false }, options);
  }

  protected validate(o: AdagradOptions): void {
    require(nonNegative(o.lr), `Invalid learning rate: ${o.lr}`);
    require(nonNegative(o.lrDecay), `Invalid lr_decay value: ${o.lrDecay}`);
    require(nonNegative(o.weightDecay), `Invalid weight_decay value: ${o.weightDecay}`);
    require(nonNegative(o.initialAccumulatorValue), `Invalid initial_accumulator_value value: ${o.initialAccumulatorValue}`);
    require(nonNegative(o.eps), `Invalid epsilon value: ${o.eps}`);
  }

  protected layout(group: ParamGroup<AdagradOptions>): StateLayout {
    return { scalars: { step: 0 }, buffers: { sum: group.initialAccumulatorValue } };
  }

  protected update(p: Tensor, g: Tensor, state: ParamState, group: ParamGroup<AdagradOptions>): void {
    const step = ++state.scalars.step;
    if (p.size === 0) return;
    const { lr, lrDecay, weightDecay, eps, maximize } = group;
    const clr = lr / (1 + (step - 1) * lrDecay);
    const hyper = [maximize ? -1 : 1, weightDecay, eps, -clr];
    adagradUpdate(weightDecay !== 0 ? ADAGRAD_DECAY : 0, p, g, state.buffers.sum, hyper);
  }
}
