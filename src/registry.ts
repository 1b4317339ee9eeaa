// The realm-wide registry of descent-ml engines: every evaluation of the engine file registers
// here (a global symbol, not module state: two copies of the package — the single file from a
// CDN and the npm package, two versions, a cache-busting re-import — have no module in common).
//
// It serves two things:
// - Sharing. The entries that carry no engine of their own — the datasets
//   (`descent-ml/datasets/*`) and the plots (`descent-ml/plot`) — make their tensors through
//   the first of the package's bundles whose kernels run (the engine file at import, or in
//   workerd once `init` has run), so a page that loads the single file and a dataset gets one
//   engine, not two.
// - Refusing clearly. Each copy has its own Wasm memory, so its tensors, modules and optimizers
//   mean nothing to another copy. Every copy refuses them (their classes differ), and
//   `otherCopyOf` lets a message say why: the object belongs to another copy of descent-ml
//   loaded in this realm — never "must be a Tensor, got a Tensor".
import type * as Api from './api.js';

export type EngineApi = typeof Api;

const KEY = Symbol.for('descent-ml.engines');

interface Registered {
  api: EngineApi;
  /** The compiled kernels, once they run (null before init in workerd). */
  kernels: WebAssembly.Module | null;
  /** A bundle of the package (what the bundled datasets and plots may use), not the unbundled tree. */
  serves: boolean;
}

/** This copy's API, once its entry has registered. */
let own: EngineApi | null = null;

function engines(): Registered[] {
  const g = globalThis as unknown as Record<symbol, Registered[] | undefined>;
  let list = g[KEY];
  if (list === undefined) {
    list = [];
    Object.defineProperty(globalThis, KEY, { value: list, enumerable: false, configurable: false, writable: false });
  }
  return list;
}

function entryOf(api: EngineApi): Registered | undefined {
  return engines().find((e) => e.api === api);
}

/** Records this copy's API (at the entry's evaluation; idempotent). `serves`: it is a bundle of the package. */
export function registerCopy(api: EngineApi, serves: boolean): void {
  own = api;
  if (entryOf(api) === undefined) engines().push({ api, kernels: null, serves });
}

/** Records the compiled kernels this copy runs on, once they are ready. */
export function registerKernels(api: EngineApi, kernels: WebAssembly.Module): void {
  const entry = entryOf(api);
  if (entry !== undefined) entry.kernels = kernels;
}

function serving(): Registered | undefined {
  return engines().find((e) => e.serves && e.kernels !== null);
}

/** The compiled kernels of the first engine loaded (what `descent-ml/descent.wasm` gives outside workerd). */
export function registeredKernels(caller: string): WebAssembly.Module {
  const entry = serving();
  if (entry === undefined) throw new Error(`${caller}: no descent-ml engine is loaded`);
  return entry.kernels as WebAssembly.Module;
}

/**
 * The API of the engine this program loaded, for `caller` (the user's function, named in the
 * error). Throws when no entry has been loaded yet. When a program loads two copies (say
 * the single file from a CDN and the npm package, or two versions), the first one loaded is
 * used: its tensors are the ones the program made first.
 */
export function engineFor(caller: string): EngineApi {
  const entry = serving();
  if (entry !== undefined) return entry.api;
  throw new Error(
    `${caller}: no descent-ml engine is loaded; import 'descent-ml' (or 'descent-ml/browser' in a page without a ` +
      "bundler) before calling it — on workerd, call init(kernels) from 'descent-ml' first",
  );
}

/** The public classes whose instances belong to one engine (looked up loosely: another copy may be another version). */
function classesOf(api: EngineApi): [string, unknown][] {
  const a = api as unknown as Record<string, Record<string, unknown> | undefined>;
  const optim = a.optim as Record<string, Record<string, unknown> | undefined> | undefined;
  return [
    ['Tensor', a.Tensor], ['Module', a.nn?.Module], ['Optimizer', optim?.Optimizer],
    ['LRScheduler', optim?.lr_scheduler?.LRScheduler], ['Generator', a.Generator], ['DataLoader', a.data?.DataLoader],
  ];
}

function an(word: string): string {
  return `${/^[AEIOU]/.test(word) ? 'an' : 'a'} ${word}`;
}

/**
 * When `x` is a tensor, module, optimizer, scheduler, generator or data loader of ANOTHER copy of
 * descent-ml loaded in this realm, says so (for error messages: "got <this>"); otherwise null.
 */
export function otherCopyOf(x: unknown): string | null {
  if (x === null || (typeof x !== 'object' && typeof x !== 'function')) return null;
  const list = engines();
  for (let i = 0; i < list.length; i++) {
    if (list[i].api === own) continue;
    for (const [kind, cls] of classesOf(list[i].api)) {
      if (typeof cls !== 'function') continue;
      let is = false;
      try {
        is = x instanceof (cls as new () => unknown);
      } catch {
        // a hostile object (a Proxy that throws): not another copy's
      }
      if (!is) continue;
      const name = (x as { constructor?: { name?: unknown } }).constructor?.name;
      const what = typeof name === 'string' && name !== kind && name !== '' ? `${name} (${an(kind)})` : kind;
      return (
        `${an(what)} of another copy of descent-ml loaded in this realm (copy ${i + 1} of ${list.length}); each copy has ` +
        "its own memory, so their objects cannot be mixed: import descent-ml once (`npm ls descent-ml` lists duplicates)"
      );
    }
  }
  return null;
}
