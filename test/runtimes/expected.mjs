// The SHA-256 of the reproducible run's final parameters (test/runtimes/reproducible-run.mjs):
// every runtime must print exactly this. It may change only when a kernel, an op or the run
// itself changes on purpose; then print the new value with `npm run repro:hash`, check that
// every runtime agrees (`npx mocha test/node/runtimes.test.mjs`), and commit it together with
// the change that explains it.
export default {
  sha256: '5ac5c8ff66f965d884fc73c1bb23c7ea707cc1e837166ab617766f3121215d08',
};
