// Threads, where this build of descent has them (d.setNumThreads) and the page is cross-origin
// isolated (playground/server.mjs sends COOP/COEP); otherwise one thread, silently. Threads
// split work by shape only, so the numbers stay the same bits either way.
import * as d from 'descent-ml';

const SET_NUM_THREADS = 'setNumThreads';

export async function useThreads(): Promise<number> {
  const set = (d as unknown as Record<string, unknown>)[SET_NUM_THREADS];
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  if (typeof set !== 'function' || !isolated) return 1;
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  return (set as (n: number) => Promise<number>)(cores >= 2 ? 2 : 1);
}
