// Anomaly mode: name the first op whose forward output or backward gradient turns non-finite.
import * as kernels from './backend/index.js';
import { Tensor, formatShape } from './tensor.js';

let enabled = false;
let backwardOf: string | null = null;

/** Runs a backward rule, so that anomalies inside it are reported as part of that op's backward. */
export function inBackwardOf<T>(op: string, fn: () => T): T {
  if (!enabled) return fn();
  const previous = backwardOf;
  backwardOf = op;
  try {
    return fn();
  } finally {
    backwardOf = previous;
  }
}

/** Switches anomaly detection on or off (like torch.autograd.set_detect_anomaly); returns the previous mode. */
export function anomalyMode(on: boolean): boolean {
  if (typeof on !== 'boolean') throw new TypeError(`anomalyMode: on must be a boolean, got ${typeof on}`);
  const previous = enabled;
  enabled = on;
  return previous;
}

export function isAnomalyMode(): boolean {
  return enabled;
}

/** The number of NaN/±Infinity values in a tensor (0 for a disposed or empty one). */
export function countNonFinite(t: Tensor): number {
  if (t.disposed || t.size === 0) return 0;
  return kernels.countNonFinite(t);
}

/** An error raised by anomaly mode; `op` names the op, `phase` is 'forward' or 'backward'. */
export class AnomalyError extends Error {
  constructor(
    message: string,
    readonly op: string,
    readonly phase: 'forward' | 'backward',
  ) {
    super(message);
    this.name = 'AnomalyError';
  }
}

/** Throws when `out` has non-finite values although every input was finite. */
export function checkForward(out: Tensor, op: string, inputs: readonly Tensor[]): void {
  const bad = countNonFinite(out);
  if (bad === 0 || inputs.some((t) => countNonFinite(t) > 0)) return;
  const where = backwardOf === null ? 'in the forward pass' : `while computing the backward of ${backwardOf}`;
  throw new AnomalyError(
    `anomalyMode: ${op} produced ${bad} NaN/Infinity value(s) from finite inputs ${where} ` +
      `(output shape ${formatShape(out.shape)}, inputs ${inputs.map((t) => formatShape(t.shape)).join(', ')})`,
    backwardOf ?? op,
    backwardOf === null ? 'forward' : 'backward',
  );
}

/** Throws when the backward rule of `op` turned a finite gradient into a non-finite one. */
export function checkBackward(op: string, gradOutput: Tensor, gradInput: Tensor, index: number): void {
  const bad = countNonFinite(gradInput);
  if (bad === 0 || countNonFinite(gradOutput) > 0) return;
  throw new AnomalyError(
    `anomalyMode: the backward of ${op} produced ${bad} NaN/Infinity value(s) in the gradient of input ${index} ` +
      `(shape ${formatShape(gradInput.shape)}) from a finite output gradient`,
    op,
    'backward',
  );
}
