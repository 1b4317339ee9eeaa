// Simulated annealing (Kirkpatrick et al. 1983). From x, propose x' = x + stepSize·N(0, I)
// (clipped into `bounds` when given); accept it when f does not rise, else with probability
// exp(−Δf / T) (the Metropolis rule; exp by the Wasm kernel). T cools geometrically from
// `temperature` to `finalTemperature` over maxIter proposals. The best point seen is returned,
// polished by L-BFGS unless `polish: false`. Every draw comes from the seeded Generator.
import { Tensor, tidy } from '../../tensor.js';
import { Generator, fillNormal } from '../../random.js';
import { readFloats } from '../../backend/index.js';
import { exp, log } from '../../ops/unary.js';
import { scalarTensor } from '../../ops/util.js';
import { Objective } from '../objective.js';
import { MethodOptions, MethodResult, Monitor, Status, finish } from '../method.js';
import { lbfgs } from './lbfgs.js';

function expOf(v: number): number {
  return tidy(() => exp(scalarTensor(v)).item());
}

function logOf(v: number): number {
  return tidy(() => log(scalarTensor(v)).item());
}

export interface AnnealingSettings {
  temperature: number;
  finalTemperature: number;
  stepSize: number;
  bounds: [number, number][] | null;
  polish: boolean;
}

export function annealing(obj: Objective, x0: Float64Array, o: MethodOptions, monitor: Monitor, generator: Generator, s: AnnealingSettings): MethodResult {
  const n = x0.length;
  const cooling = expOf(logOf(s.finalTemperature / s.temperature) / Math.max(o.maxIter, 1));
  const noise = Tensor.empty([n]);
  let x = Float64Array.from(x0);
  let fx = obj.value(x);
  let best = x;
  let fBest = fx;
  let temperature = s.temperature;
  try {
    while (monitor.nit < o.maxIter) {
      fillNormal(generator, noise, 0, s.stepSize);
      const step = readFloats(noise);
      const candidate = x.map((v, i) => v + step[i]);
      if (s.bounds !== null) s.bounds.forEach(([lo, hi], i) => (candidate[i] = Math.min(hi, Math.max(lo, candidate[i]))));
      const fc = obj.value(candidate);
      const rise = fc - fx;
      // NaN compares false throughout, so a NaN proposal is never accepted
      const accept = rise <= 0 || (Number.isFinite(fc) && generator.uniform() < expOf(-rise / temperature));
      if (accept) {
        x = candidate;
        fx = fc;
        if (fx < fBest) {
          best = x;
          fBest = fx;
        }
      }
      temperature *= cooling;
      if (monitor.step(x, fx)) return finish(best, fBest, null, Status.Stopped);
    }
  } finally {
    noise.dispose();
  }
  if (!Number.isFinite(fBest)) return finish(best, fBest, null, Status.NotFinite);
  if (!s.polish) return finish(best, fBest, null, Status.Converged);
  const polished = lbfgs(obj, best, o, new Monitor(undefined, false));
  if (!(polished.fun <= fBest)) return finish(best, fBest, null, Status.Converged);
  return finish(polished.x, polished.fun, polished.jac, Status.Converged);
}
