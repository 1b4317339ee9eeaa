// NAdam (Dozat 2016, with torch's momentum-decay schedule; torch.optim.NAdam).
// Kernel and maths: assembly/optim/nadam.ts. μₜ needs 0.96^(tψ): scalar_math.pow.
import { Tensor } from '../tensor.js';
import { nadamUpdate, NADAM_DECAY } from '../backend/index.js';
import { Optimizer, ParamGroup, ParamsInput, ParamState, StateLayout, nonNegative, require } from './optimizer.js';
import { validateAdamFamily } from './adam.js';
import { pow, powInt } from '../scalar_math.js';

export interface NAdamOptions {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
  momentumDecay: number;
}

const f32 = Math.fround;

export class NAdam extends Optimizer<NAdamOptions> {
  constructor(params: ParamsInput<NAdamOptions>, options: Partial<NAdamOptions> = {}) {
    super('NAdam', params, { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3 }, options);
  }

  protected validate(o: NAdamOptions): void {
    validateAdamFamily(o);
    require(nonNegative(o.momentumDecay), `Invalid momentum_decay value: ${o.momentumDecay}`);
  }

  protected layout(): StateLayout {
    return { scalars: { step: 0, muProduct: 1 }, buffers: { expAvg: 0, expAvgSq: 0 } };
  }

  protected update(p: Tensor, g: Tensor, state: ParamState, group: ParamGroup<NAdamOptions>): void {
    const step = ++state.scalars.step;
    const { lr, betas, eps, weightDecay, momentumDecay } = group;
    const [beta1, beta2] = betas;
    const mu = beta1 * (1 - 0.5 * pow(0.96, step * momentumDecay));
    const muNext = beta1 * (1 - 0.5 * pow(0.96, (step + 1) * momentumDecay));
    // torch keeps the product as a float32 tensor: each product rounds to float32.
    const muProduct = (state.scalars.muProduct = f32(state.scalars.muProduct * f32(mu)));
    const muProductNext = f32(f32(muProduct * f32(mu)) * f32(muNext));
    if (p.size === 0) return;
    const hyper = [weightDecay, beta1, 1 - beta1, beta2, 1 - beta2, 1 - powInt(beta2, step), eps,
      (-lr * (1 - mu)) / (1 - muProduct), (-lr * muNext) / (1 - muProductNext)];
    const b = state.buffers;
    nadamUpdate(weightDecay !== 0 ? NADAM_DECAY : 0, p, g, b.expAvg, b.expAvgSq, hyper);
  }
}
