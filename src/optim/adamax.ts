// Adamax (Kingma & Ba, §7.1; torch.optim.Adamax). Kernel and maths: assembly/optim/adamax.ts.
import { Tensor } from '../tensor.js';
import { adamaxUpdate, ADAMAX_DECAY } from '../backend/index.js';
import { Optimizer, ParamGroup, ParamsInput, ParamState, StateLayout } from './optimizer.js';
import { validateAdamFamily } from './adam.js';
import { powInt } from '../scalar_math.js';

export interface AdamaxOptions {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
  maximize: boolean;
}

export class Adamax extends Optimizer<AdamaxOptions> {
  constructor(params: ParamsInput<AdamaxOptions>, options: Partial<AdamaxOptions> = {}) {
    super('Adamax', params, { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false }, options);
  }

  protected validate(o: AdamaxOptions): void {
    validateAdamFamily(o);
  }

  protected layout(): StateLayout {
    return { scalars: { step: 0 }, buffers: { expAvg: 0, expInf: 0 } };
  }

  protected update(p: Tensor, g: Tensor, state: ParamState, group: ParamGroup<AdamaxOptions>): void {
    const step = ++state.scalars.step;
    if (p.size === 0) return;
    const { lr, betas, eps, weightDecay, maximize } = group;
    const [beta1, beta2] = betas;
    const clr = lr / (1 - powInt(beta1, step));
    const hyper = [maximize ? -1 : 1, weightDecay, beta1, 1 - beta1, beta2, eps, -clr];
    const b = state.buffers;
    adamaxUpdate(weightDecay !== 0 ? ADAMAX_DECAY : 0, p, g, b.expAvg, b.expInf, hyper);
  }
}
