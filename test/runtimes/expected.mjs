// The SHA-256 of the reproducible run's final parameters (test/runtimes/reproducible-run.mjs):
// every runtime must print exactly this. It may change only when a kernel, an op or the run
// itself changes on purpose; then print the new value with `npm run repro:hash`, check that
// every runtime agrees (`npx mocha test/node/runtimes.test.mjs`), and commit it together with
// the change that explains it.
export default {
  sha256: '42ef7ce0446963aa4e099d3221f822c1f9caa398534cfc7bef74266d3d98a086',
};
