// The SHA-256 of the reproducible run's final parameters (test/runtimes/reproducible-run.mjs):
// every runtime must print exactly this. It may change only when a kernel, an op or the run
// itself changes on purpose; then print the new value with `npm run repro:hash`, check that
// every runtime agrees (`npx mocha test/node/runtimes.test.mjs`), and commit it together with
// the change that explains it.
export default {
  sha256: 'a63fbe7245311fcf49b3672c467c99147e01eca8cea8c3a175581c3908a713bb',
};
