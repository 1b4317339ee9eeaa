// The SHA-256 of the reproducible run's final parameters (test/runtimes/reproducible-run.mjs):
// every runtime must print exactly this. It may change only when a kernel, an op or the run
// itself changes on purpose; then print the new value with `npm run repro:hash`, check that
// every runtime agrees (`npx mocha test/node/runtimes.test.mjs`), and commit it together with
// the change that explains it.
export default {
  sha256: '15c82308f1e68a44a65468cd01467af49dcfbd52dfc42d88e036e784b1fac10d',
};
