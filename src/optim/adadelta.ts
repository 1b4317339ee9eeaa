// Adadelta (Zeiler; torch.optim.Adadelta). Kernel and maths: assembly/optim/adadelta.ts.
import { Tensor } from '../tensor.js';
import { adadeltaUpdate, ADADELTA_DECAY } from '../backend/index.js';
import { Optimizer, ParamGroup, ParamsInput, ParamState, StateLayout, nonNegative, require } from './optimizer.js';

export interface AdadeltaOptions {
  lr: number;
  rho: number;
  eps: number;
  weightDecay: number;
  maximize: boolean;
}

export class Adadelta extends Optimizer<AdadeltaOptions> {
  constructor(params: ParamsInput<AdadeltaOptions>, options: Partial<AdadeltaOptions> = {}) {
    super('Adadelta', params, { lr: 1.0, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false }, options);
  }

  protected validate(o: AdadeltaOptions): void {
    require(nonNegative(o.lr), `Invalid learning rate: ${o.lr}`);
    require(o.rho >= 0 && o.rho <= 1, `Invalid rho value: ${o.rho}`);
    require(nonNegative(o.eps), `Invalid epsilon value: ${o.eps}`);
    require(nonNegative(o.weightDecay), `Invalid weight_decay value: ${o.weightDecay}`);
  }

  protected layout(): StateLayout {
    return { scalars: { step: 0 }, buffers: { squareAvg: 0, accDelta: 0 } };
  }

  protected update(p: Tensor, g: Tensor, state: ParamState, group: ParamGroup<AdadeltaOptions>): void {
    state.scalars.step++;
    if (p.size === 0) return;
    const { lr, rho, eps, weightDecay, maximize } = group;
    const hyper = [maximize ? -1 : 1, weightDecay, rho, 1 - rho, eps, -lr];
    const b = state.buffers;
    adadeltaUpdate(weightDecay !== 0 ? ADADELTA_DECAY : 0, p, g, b.squareAvg, b.accDelta, hyper);
  }
}
