// One engine per program. The engine file (dist/descent.min.js: 'descent-ml', 'descent-ml/browser',
// 'descent-ml/workerd') registers its API here once its kernels run: at import, or in workerd when
// `init` runs. The entries that carry no engine of their own —
// the datasets (`descent-ml/datasets/*`) and the plots (`descent-ml/plot`) — make their tensors
// through the registered API, so they work with whichever entry the program loaded, and a page
// that loads the single file and a dataset gets one engine, not two.
//
// The registry is a global symbol (not module state) because the single file and the dataset
// modules are separate bundles with no module in common. Entries register in load order.
import type * as Api from './api.js';

export type EngineApi = typeof Api;

const KEY = Symbol.for('descent-ml.engines');

interface Registered {
  api: EngineApi;
  kernels: WebAssembly.Module;
}

function engines(): Registered[] {
  const g = globalThis as unknown as Record<symbol, Registered[] | undefined>;
  let list = g[KEY];
  if (list === undefined) {
    list = [];
    Object.defineProperty(globalThis, KEY, { value: list, enumerable: false, configurable: false, writable: false });
  }
  return list;
}

/** Records an entry's API and the compiled kernels it runs on, once they are ready (idempotent). */
export function registerEngine(api: EngineApi, kernels: WebAssembly.Module): void {
  const list = engines();
  if (!list.some((e) => e.api === api)) list.push({ api, kernels });
}

/** The compiled kernels of the first engine loaded (what `descent-ml/descent.wasm` gives outside workerd). */
export function registeredKernels(caller: string): WebAssembly.Module {
  const list = engines();
  if (list.length === 0) throw new Error(`${caller}: no descent-ml engine is loaded`);
  return list[0].kernels;
}

/**
 * The API of the engine this program loaded, for `caller` (the user's function, named in the
 * error). Throws when no entry has been loaded yet. When a program loads two copies (say
 * 'descent-ml/browser' and 'descent-ml', or two versions; a test process may), the first one
 * loaded is used: its tensors are the ones the program made first.
 */
export function engineFor(caller: string): EngineApi {
  const list = engines();
  if (list.length > 0) return list[0].api;
  throw new Error(
    `${caller}: no descent-ml engine is loaded; import 'descent-ml' (or 'descent-ml/browser' in a page without a ` +
      "bundler) before calling it — on workerd, call init(kernels) from 'descent-ml' first",
  );
}
