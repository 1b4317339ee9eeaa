// Averaged stochastic gradient descent (Polyak & Juditsky 1992; torch.optim.ASGD): SGD with a
// decaying step η and a running average `ax` of the iterates, started after t0 steps.
// Kernel and maths: assembly/optim/asgd.ts.
import { Tensor } from '../tensor.js';
import { asgdUpdate, ASGD_AVERAGE, ASGD_DECAY } from '../backend/index.js';
import { Optimizer, ParamGroup, ParamsInput, ParamState, StateLayout, nonNegative, require } from './optimizer.js';
import { pow } from '../scalar_math.js';

export interface ASGDOptions {
  lr: number;
  /** Decay term (torch's `lambd`). */
  lambd: number;
  /** Power of η's decay. */
  alpha: number;
  /** The step at which averaging starts. */
  t0: number;
  weightDecay: number;
  maximize: boolean;
}

export class ASGD extends Optimizer<ASGDOptions> {
  constructor(params: ParamsInput<ASGDOptions>, options: Partial<ASGDOptions> = {}) {
    super('ASGD', params, { lr: 1e-2, lambd: 1e-4, alpha: 0.75, t0: 1e6, weightDecay: 0, maximize: false }, options);
  }

  protected validate(o: ASGDOptions): void {
    require(nonNegative(o.lr), `Invalid learning rate: ${o.lr}`);
    require(nonNegative(o.weightDecay), `Invalid weight_decay value: ${o.weightDecay}`);
  }

  /** Torch's state: step, η (starting at lr), μ (starting at 1) as float32 scalars, and ax. */
  protected layout(group: ParamGroup<ASGDOptions>): StateLayout {
    return { scalars: { step: 0, eta: Math.fround(group.lr), mu: 1 }, buffers: { ax: 0 } };
  }

  protected update(p: Tensor, g: Tensor, state: ParamState, group: ParamGroup<ASGDOptions>): void {
    const s = state.scalars;
    const step = ++s.step;
    const { lr, lambd, alpha, t0, weightDecay, maximize } = group;
    if (p.size > 0) {
      const mode = (weightDecay !== 0 ? ASGD_DECAY : 0) | (s.mu !== 1 ? ASGD_AVERAGE : 0);
      asgdUpdate(mode, p, g, state.buffers.ax, [maximize ? -1 : 1, weightDecay, 1 - lambd * s.eta, -s.eta, s.mu]);
    }
    // torch keeps η and μ in float32 tensors.
    s.eta = Math.fround(lr / pow(1 + lambd * lr * step, alpha));
    s.mu = Math.fround(1 / Math.max(1, step - t0));
  }
}
