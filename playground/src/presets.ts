// Ready-made races. Learning rates differ wildly between landscapes, so each preset picks
// them per landscape from the tables below (found by trying, in this playground).
import { defaultValues, type RacerConfig } from './optimizers.js';

/**
 * A learning rate per optimizer type that makes a fair showing on each landscape from its
 * start point; 'SGD+momentum' is SGD with momentum 0.9.
 */
const TUNED_LR: Record<string, Record<string, number>> = {
  rosenbrock: { SGD: 2e-3, 'SGD+momentum': 1.5e-3, Adam: 0.2, AdamW: 0.2, RMSprop: 0.02, Adagrad: 0.5, Adadelta: 2, Adamax: 1, NAdam: 0.1, RAdam: 3e-3, Lion: 0.01 },
  beale: { SGD: 0.02, 'SGD+momentum': 5e-3, Adam: 0.1, AdamW: 0.1, RMSprop: 0.02, Adagrad: 0.5, Adadelta: 2, Adamax: 0.2, NAdam: 0.1, RAdam: 0.05, Lion: 0.01 },
  himmelblau: { SGD: 0.01, 'SGD+momentum': 2e-3, Adam: 0.1, AdamW: 0.1, RMSprop: 0.05, Adagrad: 0.5, Adadelta: 2, Adamax: 0.1, NAdam: 0.1, RAdam: 0.05, Lion: 0.05 },
  rastrigin: { SGD: 3e-3, 'SGD+momentum': 4e-3, Adam: 0.1, AdamW: 0.1, RMSprop: 0.01, Adagrad: 0.5, Adadelta: 1, Adamax: 0.5, NAdam: 0.1, RAdam: 0.05, Lion: 0.02 },
  saddle: { SGD: 0.01, 'SGD+momentum': 2e-3, Adam: 0.02, AdamW: 0.02, RMSprop: 0.01, Adagrad: 0.1, Adadelta: 1, Adamax: 0.02, NAdam: 0.02, RAdam: 0.05, Lion: 0.01 },
  quadratic: { SGD: 0.05, 'SGD+momentum': 0.01, Adam: 0.1, AdamW: 0.1, RMSprop: 0.02, Adagrad: 0.5, Adadelta: 2, Adamax: 0.1, NAdam: 0.1, RAdam: 0.1, Lion: 0.05 },
  'noisy-quadratic': { SGD: 0.05, 'SGD+momentum': 0.01, Adam: 0.05, AdamW: 0.05, RMSprop: 0.02, Adagrad: 0.5, Adadelta: 2, Adamax: 0.1, NAdam: 0.05, RAdam: 0.1, Lion: 0.02 },
};

/** Plain SGD's learning rate: too small (crawls), about right, too large (overshoots). */
const SGD_LR_LADDER: Record<string, [number, number, number]> = {
  rosenbrock: [2e-4, 2e-3, 5e-3],
  beale: [1e-3, 0.02, 0.08],
  himmelblau: [1e-3, 0.01, 0.03],
  rastrigin: [2e-4, 3e-3, 0.01],
  saddle: [1e-3, 0.05, 0.8],
  quadratic: [2.5e-3, 0.06, 0.085],
  'noisy-quadratic': [4e-3, 0.1, 0.4],
};

function racer(type: string, landscape: string, overrides: Record<string, number | boolean> = {}, note?: string): RacerConfig {
  const values = { ...defaultValues(type), lr: TUNED_LR[landscape]?.[type] ?? (defaultValues(type).lr as number), ...overrides };
  return note ? { type, values, note } : { type, values };
}

export interface Preset {
  id: string;
  label: string;
  about: string;
  racers(landscape: string): RacerConfig[];
}

export const PRESETS: Preset[] = [
  {
    id: 'showdown',
    label: 'Optimizer showdown',
    about: '',
    racers: (l) => [
      racer('SGD', l),
      racer('SGD', l, { momentum: 0.9, lr: TUNED_LR[l]?.['SGD+momentum'] ?? 1e-3 }),
      racer('Adam', l),
      racer('RMSprop', l),
      racer('Adagrad', l),
    ],
  },
  {
    id: 'learning-rate',
    label: 'Learning rate: too small vs too large',
    about: 'Three runs of plain SGD that differ only in the learning rate. Too small crawls and runs out of steps; too large overshoots, zigzagging from wall to wall, and may diverge.',
    racers: (l) => {
      const [small, good, large] = SGD_LR_LADDER[l] ?? [1e-4, 1e-2, 1];
      return [
        racer('SGD', l, { lr: small }, 'too small: crawls'),
        racer('SGD', l, { lr: good }, 'about right'),
        racer('SGD', l, { lr: large }, 'too large: overshoots'),
      ];
    },
  },
  {
    id: 'momentum',
    label: 'Momentum and Nesterov',
    about: 'SGD with the same learning rate and more and more momentum: momentum averages away the zigzag and keeps speed along the valley, but can overshoot; Nesterov looks ahead and overshoots less.',
    racers: (l) => {
      const lr = TUNED_LR[l]?.['SGD+momentum'] ?? 1e-3;
      return [
        racer('SGD', l, { lr }, 'no momentum'),
        racer('SGD', l, { lr, momentum: 0.5 }),
        racer('SGD', l, { lr, momentum: 0.9 }),
        racer('SGD', l, { lr, momentum: 0.9, nesterov: true }),
      ];
    },
  },
  {
    id: 'second-order',
    label: 'Beyond first order: L-BFGS',
    about: 'L-BFGS builds a picture of the curvature from its last few gradients and, with a line search, picks each step\'s length: on smooth landscapes it needs far fewer steps than first-order methods.',
    racers: (l) => [racer('SGD', l, { momentum: 0.9, lr: TUNED_LR[l]?.['SGD+momentum'] ?? 1e-3 }), racer('Adam', l), racer('LBFGS', l, { lr: 1 })],
  },
  {
    id: 'adaptive',
    label: 'Adaptive methods',
    about: 'Adaptive methods divide each coordinate\'s step by a running size of its gradients, so steep and shallow directions move at similar speeds.',
    racers: (l) => ['Adam', 'RMSprop', 'Adagrad', 'Adadelta', 'NAdam', 'RAdam', 'Lion'].map((t) => racer(t, l)),
  },
];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
