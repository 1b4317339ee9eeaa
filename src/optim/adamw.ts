// AdamW (Loshchilov & Hutter): Adam with decoupled weight decay p ← p·(1 − ηλ) before the
// moment updates (torch.optim.AdamW). Same kernel as Adam: assembly/optim/adam.ts.
import { Tensor } from '../tensor.js';
import { Optimizer, ParamGroup, ParamsInput, ParamState, StateLayout } from './optimizer.js';
import { AdamOptions, adamLayout, adamStep, validateAdamFamily } from './adam.js';

export class AdamW extends Optimizer<AdamOptions> {
  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super('AdamW', params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false }, options);
  }

  protected validate(o: AdamOptions): void {
    validateAdamFamily(o);
  }

  protected layout(group: ParamGroup<AdamOptions>): StateLayout {
    return adamLayout(group);
  }

  protected update(p: Tensor, g: Tensor, state: ParamState, group: ParamGroup<AdamOptions>): void {
    adamStep(p, g, state, group, true);
  }
}
