// The engine the datasets and plots make their tensors with. Here, unbundled (dist/, what the
// tests import), it is this source tree's own API. In the package's bundles, tools/bundle.mjs
// swaps this module for src/registry.ts, so the separately bundled dataset and plot files use
// the engine the program loaded ('descent-ml' by any of its names).
import * as api from './api.js';
import type { EngineApi } from './registry.js';

/** The API to make tensors with, for `caller` (named in the registry's errors). */
export function engineFor(caller: string): EngineApi {
  void caller;
  return api;
}
