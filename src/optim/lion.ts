// Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"): the sign of an
// interpolated momentum, with decoupled weight decay. Not in torch 1.13; the fixture's
// reference is written with torch ops in tools/reference/optim.py. Kernel: assembly/optim/lion.ts.
import { Tensor } from '../tensor.js';
import { lionUpdate } from '../backend/index.js';
import { Optimizer, ParamGroup, ParamsInput, ParamState, StateLayout, nonNegative, require } from './optimizer.js';

export interface LionOptions {
  lr: number;
  betas: readonly [number, number];
  weightDecay: number;
}

export class Lion extends Optimizer<LionOptions> {
  constructor(params: ParamsInput<LionOptions>, options: Partial<LionOptions> = {}) {
    super('Lion', params, { lr: 1e-4, betas: [0.9, 0.99], weightDecay: 0 }, options);
  }

  protected validate(o: LionOptions): void {
    require(nonNegative(o.lr), `Invalid learning rate: ${o.lr}`);
    require(o.betas.length === 2, `Invalid betas: expected 2 values, got [${o.betas.join(', ')}]`);
    require(o.betas[0] >= 0 && o.betas[0] < 1, `Invalid beta parameter at index 0: ${o.betas[0]}`);
    require(o.betas[1] >= 0 && o.betas[1] < 1, `Invalid beta parameter at index 1: ${o.betas[1]}`);
    require(nonNegative(o.weightDecay), `Invalid weight_decay value: ${o.weightDecay}`);
  }

  protected layout(): StateLayout {
    return { scalars: {}, buffers: { expAvg: 0 } };
  }

  protected update(p: Tensor, g: Tensor, state: ParamState, group: ParamGroup<LionOptions>): void {
    if (p.size === 0) return;
    const { lr, betas, weightDecay } = group;
    const [beta1, beta2] = betas;
    const hyper = [1 - lr * weightDecay, beta1, 1 - beta1, beta2, 1 - beta2, -lr];
    lionUpdate(p, g, state.buffers.expAvg, hyper);
  }
}
