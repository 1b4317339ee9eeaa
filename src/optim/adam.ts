// Adam (Kingma & Ba) with torch's coupled L2 weight decay and the AMSGrad variant
// (torch.optim.Adam). Kernel and maths: assembly/optim/adam.ts, shared with AdamW.
import { Tensor } from '../tensor.js';
import { adamUpdate, ADAM_L2, ADAM_DECOUPLED, ADAM_AMSGRAD } from '../backend/index.js';
import { Optimizer, ParamGroup, ParamsInput, ParamState, StateLayout, nonNegative, require } from './optimizer.js';
import { powInt } from '../scalar_math.js';

export interface AdamOptions {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

/** torch's checks shared by the Adam family. */
export function validateAdamFamily(o: { lr: number; eps: number; betas: readonly number[]; weightDecay: number }): void {
  require(nonNegative(o.lr), `Invalid learning rate: ${o.lr}`);
  require(nonNegative(o.eps), `Invalid epsilon value: ${o.eps}`);
  require(o.betas.length === 2, `Invalid betas: expected 2 values, got [${o.betas.join(', ')}]`);
  require(o.betas[0] >= 0 && o.betas[0] < 1, `Invalid beta parameter at index 0: ${o.betas[0]}`);
  require(o.betas[1] >= 0 && o.betas[1] < 1, `Invalid beta parameter at index 1: ${o.betas[1]}`);
  require(nonNegative(o.weightDecay), `Invalid weight_decay value: ${o.weightDecay}`);
}

// The last β1ᵗ and β2ᵗ computed: a step's parameters usually share β and t, so the powers are
// computed once per step rather than twice per parameter (powInt is exact and pure: same bits).
const powers = { beta1: NaN, step1: 0, power1: 1, beta2: NaN, step2: 0, power2: 1 };

function betaPowers(beta1: number, beta2: number, step: number): void {
  const c = powers;
  if (c.beta1 !== beta1 || c.step1 !== step) {
    c.beta1 = beta1;
    c.step1 = step;
    c.power1 = powInt(beta1, step);
  }
  if (c.beta2 !== beta2 || c.step2 !== step) {
    c.beta2 = beta2;
    c.step2 = step;
    c.power2 = powInt(beta2, step);
  }
}

/** One Adam/AdamW kernel call; `decoupled` selects AdamW's p·(1 − ηλ) over Adam's g + λp. */
export function adamStep(p: Tensor, g: Tensor, state: ParamState, group: ParamGroup<AdamOptions>, decoupled: boolean): void {
  const step = ++state.scalars.step;
  if (p.size === 0) return;
  const { lr, betas, eps, weightDecay, amsgrad, maximize } = group;
  const [beta1, beta2] = betas;
  betaPowers(beta1, beta2, step);
  const biasCorrection1 = 1 - powers.power1;
  const biasCorrection2 = 1 - powers.power2;
  const stepSize = lr / biasCorrection1;
  let mode = decoupled ? ADAM_DECOUPLED : weightDecay !== 0 ? ADAM_L2 : 0;
  if (amsgrad) mode |= ADAM_AMSGRAD;
  const decay = decoupled ? 1 - lr * weightDecay : weightDecay;
  const hyper = [maximize ? -1 : 1, decay, beta1, 1 - beta1, beta2, 1 - beta2,
    1 / Math.sqrt(biasCorrection2), eps, -stepSize];
  const b = state.buffers;
  adamUpdate(mode, p, g, b.expAvg, b.expAvgSq, b.maxExpAvgSq ?? 0, hyper);
}

export function adamLayout(group: { amsgrad: boolean }): StateLayout {
  const buffers: Record<string, number> = { expAvg: 0, expAvgSq: 0 };
  if (group.amsgrad) buffers.maxExpAvgSq = 0;
  return { scalars: { step: 0 }, buffers };
}

export class Adam extends Optimizer<AdamOptions> {
  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super('Adam', params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false }, options);
  }

  protected validate(o: AdamOptions): void {
    validateAdamFamily(o);
  }

  protected layout(group: ParamGroup<AdamOptions>): StateLayout {
    return adamLayout(group);
  }

  protected update(p: Tensor, g: Tensor, state: ParamState, group: ParamGroup<AdamOptions>): void {
    adamStep(p, g, state, group, false);
  }
}
