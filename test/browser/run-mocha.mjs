// Runs the mocha suite inside the page: loads each test file (the list comes from the Node
// side, test/node/browser-suite.test.mjs), runs mocha, and leaves the outcome on
// window.__suiteResult for the driver to read. A file that cannot even be imported counts as
// a failure, named after the file.
const { files, timeout } = await (await fetch('/__suite/files.json')).json();

mocha.setup({ ui: 'bdd', timeout, reporter: 'spec' });
const failures = [];
for (const file of files) {
  try {
    await import(file);
  } catch (e) {
    failures.push({ title: `${file} (could not be imported)`, error: String(e && e.stack ? e.stack : e) });
  }
}

let passes = 0;
let pending = 0;
const runner = mocha.run();
runner.on('pass', () => passes++);
runner.on('pending', () => pending++);
runner.on('fail', (test, err) => failures.push({ title: test.fullTitle(), error: String(err && err.stack ? err.stack : err) }));
runner.on('end', () => {
  window.__suiteResult = { passes, pending, failures, files: files.length };
});
