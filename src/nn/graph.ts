// Memory rule for composite functions: temporaries can be freed at once unless the result was
// recorded for autograd, in which case the graph still reads them during backward (the caller's
// tidy() frees them afterwards).
import { Tensor } from '../tensor.js';

export function disposeUnlessRecorded(out: Tensor, temporaries: Tensor[]): void {
  if (out.requiresGrad) return;
  for (const t of temporaries) if (t !== out) t.dispose();
}
