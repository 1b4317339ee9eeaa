// Learning-rate schedules as plain functions step → lr (the closed forms, like optax's
// schedules). The scheduler classes apply them to an optimizer's param groups with torch's
// semantics; SequentialLR restarts a scheduler through its closed form, as torch does.
// Transcendentals come from src/scalar_math.ts (deterministic float64, no Math.cos/pow).
import { cos, pow, powInt } from '../../scalar_math.js';

export type Schedule = (step: number) => number;

/** lr·γ^⌊step/stepSize⌋. */
export function stepDecay(lr: number, { stepSize, gamma = 0.1 }: { stepSize: number; gamma?: number }): Schedule {
  return (step) => lr * pow(gamma, Math.floor(step / stepSize));
}

/** lr·γ^(number of milestones ≤ step); a milestone listed twice counts twice. */
export function multiStepDecay(lr: number, { milestones, gamma = 0.1 }: { milestones: readonly number[]; gamma?: number }): Schedule {
  const sorted = milestones.slice().sort((a, b) => a - b);
  return (step) => lr * powInt(gamma, sorted.filter((m) => m <= step).length);
}

/** lr·γ^step. */
export function exponentialDecay(lr: number, { gamma }: { gamma: number }): Schedule {
  return (step) => lr * pow(gamma, step);
}

/** 1 + cos(π·t/T): the cosine factor shared by the cosine schedules (torch's operation order). */
export function cosineFactor(t: number, period: number): number {
  return 1 + cos((Math.PI * t) / period);
}

/** ηmin + (lr − ηmin)·(1 + cos(π·step/tMax))/2 (periodic beyond tMax, as torch's closed form). */
export function cosineAnnealing(lr: number, { tMax, etaMin = 0 }: { tMax: number; etaMin?: number }): Schedule {
  return (step) => etaMin + ((lr - etaMin) * cosineFactor(step, tMax)) / 2;
}

/** Cosine annealing restarted after t0 steps, each period tMult times longer (SGDR). */
export function cosineWarmRestarts(lr: number, { t0, tMult = 1, etaMin = 0 }: { t0: number; tMult?: number; etaMin?: number }): Schedule {
  return (step) => {
    let [tCur, tI] = [step, t0];
    while (tCur >= tI) {
      tCur -= tI;
      tI *= tMult;
    }
    return etaMin + ((lr - etaMin) * cosineFactor(tCur, tI)) / 2;
  };
}

/** lr times a factor going linearly from startFactor to endFactor over totalIters steps. */
export function linearSchedule(lr: number, { startFactor = 1 / 3, endFactor = 1, totalIters = 5 }:
  { startFactor?: number; endFactor?: number; totalIters?: number }): Schedule {
  return (step) => lr * (startFactor + ((endFactor - startFactor) * Math.min(totalIters, step)) / totalIters);
}

/** lr·(1 − min(step, totalIters)/totalIters)^power. */
export function polynomialDecay(lr: number, { totalIters = 5, power = 1 }: { totalIters?: number; power?: number }): Schedule {
  return (step) => lr * pow(1 - Math.min(totalIters, step) / totalIters, power);
}

/** Cosine interpolation from start (pct 0) to end (pct 1). */
export function annealCos(start: number, end: number, pct: number): number {
  return end + ((start - end) / 2) * (cos(Math.PI * pct) + 1);
}

/** Linear interpolation from start (pct 0) to end (pct 1). */
export function annealLinear(start: number, end: number, pct: number): number {
  return (end - start) * pct + start;
}

export interface OneCycleOptions {
  maxLr: number;
  totalSteps: number;
  pctStart?: number;
  annealStrategy?: 'cos' | 'linear';
  divFactor?: number;
  finalDivFactor?: number;
  threePhase?: boolean;
  /** Momentum (or β1) cycling; defaults to 0.85 / 0.95. */
  baseMomentum?: number;
  maxMomentum?: number;
}

/** The phases of a one-cycle schedule: (end step, lr from/to, momentum from/to) by name. */
export function oneCyclePhases(totalSteps: number, pctStart: number, threePhase: boolean) {
  const phase = (endStep: number, startLr: string, endLr: string, startMomentum: string, endMomentum: string) =>
    ({ endStep, startLr, endLr, startMomentum, endMomentum });
  if (threePhase) {
    return [
      phase(pctStart * totalSteps - 1, 'initialLr', 'maxLr', 'maxMomentum', 'baseMomentum'),
      phase(2 * pctStart * totalSteps - 2, 'maxLr', 'initialLr', 'baseMomentum', 'maxMomentum'),
      phase(totalSteps - 1, 'initialLr', 'minLr', 'maxMomentum', 'maxMomentum'),
    ];
  }
  return [
    phase(pctStart * totalSteps - 1, 'initialLr', 'maxLr', 'maxMomentum', 'baseMomentum'),
    phase(totalSteps - 1, 'maxLr', 'minLr', 'baseMomentum', 'maxMomentum'),
  ];
}

/** Where a step falls in the phases: its phase and the fraction of that phase done. */
export function oneCyclePosition(phases: ReturnType<typeof oneCyclePhases>, step: number) {
  let start = 0;
  for (let i = 0; i < phases.length; i++) {
    const p = phases[i];
    if (step <= p.endStep || i === phases.length - 1) return { phase: p, pct: (step - start) / (p.endStep - start) };
    start = p.endStep;
  }
  throw new Error('oneCycle: no phases');
}

/** The one-cycle policy (Smith & Topin): warm up to maxLr, then anneal far below the start. */
export function oneCycle(options: OneCycleOptions): { lr: Schedule; momentum: Schedule } {
  const { maxLr, totalSteps, pctStart = 0.3, annealStrategy = 'cos', divFactor = 25, finalDivFactor = 1e4 } = options;
  const values: Record<string, number> = {
    initialLr: maxLr / divFactor, maxLr, baseMomentum: options.baseMomentum ?? 0.85, maxMomentum: options.maxMomentum ?? 0.95,
  };
  values.minLr = values.initialLr / finalDivFactor;
  const phases = oneCyclePhases(totalSteps, pctStart, options.threePhase ?? false);
  const anneal = annealStrategy === 'cos' ? annealCos : annealLinear;
  const at = (step: number, from: 'startLr' | 'startMomentum', to: 'endLr' | 'endMomentum') => {
    const { phase, pct } = oneCyclePosition(phases, step);
    return anneal(values[phase[from]], values[phase[to]], pct);
  };
  return { lr: (step) => at(step, 'startLr', 'endLr'), momentum: (step) => at(step, 'startMomentum', 'endMomentum') };
}
