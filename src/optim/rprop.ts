// Rprop, resilient backpropagation (Riedmiller & Braun 1993; torch.optim.Rprop): each element
// moves by its own step size, grown while its gradient keeps its sign and shrunk when it flips.
// Kernel and maths: assembly/optim/rprop.ts.
import { Tensor } from '../tensor.js';
import { rpropUpdate } from '../backend/index.js';
import { Optimizer, ParamGroup, ParamsInput, ParamState, StateLayout, nonNegative, require } from './optimizer.js';

export interface RpropOptions {
  lr: number;
  /** (η−, η+): multiplicative decrease and increase, 0 < η− < 1 < η+. */
  etas: readonly [number, number];
  /** (minimal, maximal) step size. */
  stepSizes: readonly [number, number];
  maximize: boolean;
}

export class Rprop extends Optimizer<RpropOptions> {
  constructor(params: ParamsInput<RpropOptions>, options: Partial<RpropOptions> = {}) {
    super('Rprop', params, { lr: 1e-2, etas: [0.5, 1.2], stepSizes: [1e-6, 50], maximize: false }, options);
  }

  protected validate(o: RpropOptions): void {
    require(nonNegative(o.lr), `Invalid learning rate: ${o.lr}`);
    require(o.etas.length === 2, `Invalid etas: expected 2 values, got [${o.etas.join(', ')}]`);
    require(0 < o.etas[0] && o.etas[0] < 1 && 1 < o.etas[1], `Invalid eta values: ${o.etas[0]}, ${o.etas[1]}`);
    require(o.stepSizes.length === 2, `Invalid stepSizes: expected 2 values, got [${o.stepSizes.join(', ')}]`);
  }

  /** Torch's state: the step count, the previous gradient and the step sizes (starting at lr). */
  protected layout(group: ParamGroup<RpropOptions>): StateLayout {
    return { scalars: { step: 0 }, buffers: { prev: 0, stepSize: group.lr } };
  }

  protected update(p: Tensor, g: Tensor, state: ParamState, group: ParamGroup<RpropOptions>): void {
    state.scalars.step++;
    if (p.size === 0) return;
    const { etas, stepSizes, maximize } = group;
    const hyper = [maximize ? -1 : 1, etas[0], etas[1], stepSizes[0], stepSizes[1]];
    rpropUpdate(p, g, state.buffers.prev, state.buffers.stepSize, hyper);
  }
}
