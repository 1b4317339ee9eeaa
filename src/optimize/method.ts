// What every method shares: its options, its result, and the monitor that counts iterations,
// records the path and calls the user's callback.

export interface MethodOptions {
  /** Stop when the largest |∂f/∂xᵢ| is at most this. */
  gtol: number;
  /** Stop when f decreases by at most ftol·max(|f|, 1) in one iteration (lbfgs). */
  ftol: number;
  /** Stop when a step moves no coordinate by more than xtol·(1 + |x|∞) (newton). */
  xtol: number;
  maxIter: number;
  /** Method-specific settings, checked by each method. */
  extra: Record<string, unknown>;
}

export const enum Status {
  Converged = 0,
  MaxIter = 1,
  PrecisionLoss = 2,
  NotFinite = 3,
  Stopped = 4,
}

const MESSAGES: Record<Status, string> = {
  [Status.Converged]: 'Optimization terminated successfully.',
  [Status.MaxIter]: 'Maximum number of iterations has been exceeded.',
  [Status.PrecisionLoss]: 'Desired error not necessarily achieved due to precision loss.',
  [Status.NotFinite]: 'NaN result encountered.',
  [Status.Stopped]: 'Stopped by the callback.',
};

export interface MethodResult {
  x: Float64Array;
  fun: number;
  /** The gradient at x, where the method has it. */
  jac: Float64Array | null;
  status: Status;
  message: string;
}

export function finish(x: Float64Array, fun: number, jac: Float64Array | null, status: Status, detail?: string): MethodResult {
  return { x, fun, jac, status, message: detail === undefined ? MESSAGES[status] : `${MESSAGES[status]} ${detail}` };
}

export interface IterationInfo {
  nit: number;
  x: number[];
  fun: number;
}

/** Counts iterations, keeps the path when asked, and relays each iteration to the callback. */
export class Monitor {
  nit = 0;
  readonly trace: number[][] | null;

  constructor(
    private readonly callback: ((info: IterationInfo) => unknown) | undefined,
    keepTrace: boolean,
  ) {
    this.trace = keepTrace ? [] : null;
  }

  start(x: Float64Array): void {
    this.trace?.push(Array.from(x));
  }

  /** Records a finished iteration; true when the callback returned true (stop). */
  step(x: Float64Array, fun: number): boolean {
    this.nit++;
    this.trace?.push(Array.from(x));
    return this.callback !== undefined && this.callback({ nit: this.nit, x: Array.from(x), fun }) === true;
  }
}
