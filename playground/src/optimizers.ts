// The optimizers the playground offers, with the hyperparameters each one shows, and the
// line style (colour, dash, marker) each racer gets.

export type HyperKind = 'lr' | 'unit' | 'eps' | 'bool';

export interface HyperSpec {
  /** The constructor option (beta1/beta2 are joined into `betas`). */
  key: string;
  label: string;
  kind: HyperKind;
  value: number | boolean;
  help: string;
}

export interface OptimizerType {
  type: string;
  label: string;
  hypers: HyperSpec[];
  /** Options the page fixes (not shown). */
  fixed?: Record<string, unknown>;
  /** step() needs a closure that re-evaluates the loss (L-BFGS). */
  closure?: boolean;
}

const lr = (value: number): HyperSpec => ({ key: 'lr', label: 'learning rate', kind: 'lr', value, help: 'step size' });
const eps = (value: number): HyperSpec => ({ key: 'eps', label: 'ε', kind: 'eps', value, help: 'added to the denominator' });
const betas = (b1: number, b2: number): HyperSpec[] => [
  { key: 'beta1', label: 'β₁', kind: 'unit', value: b1, help: 'decay of the first moment (momentum)' },
  { key: 'beta2', label: 'β₂', kind: 'unit', value: b2, help: 'decay of the second moment' },
];
const momentum = (value: number): HyperSpec => ({ key: 'momentum', label: 'momentum', kind: 'unit', value, help: 'heavy-ball momentum' });

export const OPTIMIZER_TYPES: OptimizerType[] = [
  { type: 'SGD', label: 'SGD', hypers: [lr(1e-3), momentum(0), { key: 'nesterov', label: 'Nesterov', kind: 'bool', value: false, help: 'Nesterov momentum' }] },
  { type: 'Adam', label: 'Adam', hypers: [lr(0.05), ...betas(0.9, 0.999), eps(1e-8)] },
  { type: 'AdamW', label: 'AdamW', hypers: [lr(0.05), ...betas(0.9, 0.999), eps(1e-8), { key: 'weightDecay', label: 'weight decay', kind: 'unit', value: 0.01, help: 'decoupled weight decay' }] },
  { type: 'RMSprop', label: 'RMSprop', hypers: [lr(0.01), { key: 'alpha', label: 'α', kind: 'unit', value: 0.99, help: 'decay of the squared-gradient average' }, eps(1e-8), momentum(0), { key: 'centered', label: 'centered', kind: 'bool', value: false, help: 'divide by the variance, not the raw second moment' }] },
  { type: 'Adagrad', label: 'Adagrad', hypers: [lr(0.5), eps(1e-10)] },
  { type: 'Adadelta', label: 'Adadelta', hypers: [lr(1), { key: 'rho', label: 'ρ', kind: 'unit', value: 0.9, help: 'decay of the running averages' }, eps(1e-6)] },
  { type: 'Adamax', label: 'Adamax', hypers: [lr(0.05), ...betas(0.9, 0.999), eps(1e-8)] },
  { type: 'NAdam', label: 'NAdam', hypers: [lr(0.05), ...betas(0.9, 0.999), eps(1e-8)] },
  { type: 'RAdam', label: 'RAdam', hypers: [lr(0.05), ...betas(0.9, 0.999), eps(1e-8)] },
  { type: 'Lion', label: 'Lion', hypers: [lr(0.01), ...betas(0.9, 0.99)] },
  // One L-BFGS iteration per step, so the path shows every iterate.
  {
    type: 'LBFGS',
    label: 'L-BFGS',
    hypers: [lr(1), { key: 'lineSearchFn', label: 'strong Wolfe line search', kind: 'bool', value: true, help: 'choose each step length by a line search' }],
    fixed: { maxIter: 1, maxEval: 25, historySize: 10 },
    closure: true,
  },
];

export function optimizerType(type: string): OptimizerType {
  const found = OPTIMIZER_TYPES.find((o) => o.type === type);
  if (!found) throw new RangeError(`playground: unknown optimizer "${type}"`);
  return found;
}

/** A racer: an optimizer type with its hyperparameter values. */
export interface RacerConfig {
  type: string;
  values: Record<string, number | boolean>;
  /** What this racer demonstrates ("too small: crawls"). */
  note?: string;
}

/** The constructor options of d.optim[type] for a racer's values. */
export function constructorOptions(config: RacerConfig): Record<string, unknown> {
  const options: Record<string, unknown> = { ...optimizerType(config.type).fixed };
  for (const [key, value] of Object.entries(config.values)) {
    if (key === 'beta1' || key === 'beta2') continue;
    options[key] = value;
  }
  if ('beta1' in config.values) options.betas = [config.values.beta1, config.values.beta2];
  if ('lineSearchFn' in config.values) options.lineSearchFn = config.values.lineSearchFn ? 'strong_wolfe' : null;
  return options;
}

export function defaultValues(type: string): Record<string, number | boolean> {
  return Object.fromEntries(optimizerType(type).hypers.map((h) => [h.key, h.value]));
}

/** A short label: "SGD lr=0.001 momentum=0.9". */
export function describeRacer(config: RacerConfig): string {
  const spec = optimizerType(config.type);
  const parts = [spec.label];
  for (const h of spec.hypers) {
    const v = config.values[h.key];
    if (h.kind === 'bool') {
      if (v) parts.push(h.label);
    } else if (h.key === 'lr' || h.key === 'momentum') {
      if (h.key === 'lr' || v !== 0) parts.push(`${h.key === 'lr' ? 'lr' : h.label} ${formatNumber(v as number)}`);
    }
  }
  return parts.join(' · ');
}

/** Learning rates on the log slider: ten roughly log-spaced values per decade, 1e-5 to 10. */
const MANTISSAS = ['1', '1.2', '1.5', '2', '2.5', '3', '4', '5', '6', '8'];
export const LEARNING_RATES: number[] = [];
for (let exponent = -5; exponent <= 0; exponent++) {
  for (const m of MANTISSAS) LEARNING_RATES.push(Number(`${m}e${exponent}`));
}
LEARNING_RATES.push(10);

/** The slider position of the learning rate nearest to `lr` on the log ladder. */
export function learningRateIndex(lr: number): number {
  let best = 0;
  for (let i = 1; i < LEARNING_RATES.length; i++) {
    // Compare ratios, not differences: the ladder is logarithmic.
    const ratio = (a: number) => (a > lr ? a / lr : lr / a);
    if (ratio(LEARNING_RATES[i]) < ratio(LEARNING_RATES[best])) best = i;
  }
  return best;
}

export function formatNumber(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e4) return String(Number(v.toPrecision(4)));
  return Number(v.toPrecision(3)).toExponential();
}

/** Line styles: Okabe–Ito colours, each also with its own dash pattern and marker shape. */
export interface RacerStyle {
  color: string;
  dash: number[];
  dashName: string;
  marker: 'circle' | 'square' | 'triangle' | 'diamond' | 'down' | 'star' | 'plus' | 'cross';
}

export const STYLES: RacerStyle[] = [
  { color: '#E69F00', dash: [], dashName: 'solid', marker: 'circle' },
  { color: '#56B4E9', dash: [9, 5], dashName: 'dashed', marker: 'square' },
  { color: '#F0E442', dash: [2, 4], dashName: 'dotted', marker: 'triangle' },
  { color: '#CC79A7', dash: [12, 4, 2, 4], dashName: 'dash-dot', marker: 'diamond' },
  { color: '#009E73', dash: [18, 6], dashName: 'long dash', marker: 'down' },
  { color: '#FF6E3A', dash: [2, 3, 2, 3, 9, 3], dashName: 'dot-dot-dash', marker: 'star' },
  { color: '#FFFFFF', dash: [5, 3], dashName: 'short dash', marker: 'plus' },
  { color: '#9AD0FF', dash: [1, 2], dashName: 'fine dots', marker: 'cross' },
];
