// RAdam (Liu et al. 2020, rectified Adam; torch.optim.RAdam). Kernel and maths:
// assembly/optim/radam.ts; the rectification term is computed here in float64, as torch does.
import { Tensor } from '../tensor.js';
import { radamUpdate, RADAM_DECAY, RADAM_RECTIFIED } from '../backend/index.js';
import { Optimizer, ParamGroup, ParamsInput, ParamState, StateLayout } from './optimizer.js';
import { validateAdamFamily } from './adam.js';
import { powInt } from '../scalar_math.js';

export interface RAdamOptions {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
}

export class RAdam extends Optimizer<RAdamOptions> {
  constructor(params: ParamsInput<RAdamOptions>, options: Partial<RAdamOptions> = {}) {
    super('RAdam', params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 }, options);
  }

  protected validate(o: RAdamOptions): void {
    validateAdamFamily(o);
  }

  protected layout(): StateLayout {
    return { scalars: { step: 0 }, buffers: { expAvg: 0, expAvgSq: 0 } };
  }

  protected update(p: Tensor, g: Tensor, state: ParamState, group: ParamGroup<RAdamOptions>): void {
    const step = ++state.scalars.step;
    if (p.size === 0) return;
    const { lr, betas, eps, weightDecay } = group;
    const [beta1, beta2] = betas;
    const beta2Power = powInt(beta2, step);
    const biasCorrection1 = 1 - powInt(beta1, step);
    const biasCorrection2 = 1 - beta2Power;
    const rhoInf = 2 / (1 - beta2) - 1;
    const rhoT = rhoInf - (2 * step * beta2Power) / biasCorrection2;
    const rectified = rhoT > 5;
    const rect = rectified ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 1;
    let mode = weightDecay !== 0 ? RADAM_DECAY : 0;
    if (rectified) mode |= RADAM_RECTIFIED;
    const hyper = [weightDecay, beta1, 1 - beta1, beta2, 1 - beta2, biasCorrection1, lr, eps,
      Math.sqrt(biasCorrection2), rect];
    const b = state.buffers;
    radamUpdate(mode, p, g, b.expAvg, b.expAvgSq, hyper);
  }
}
