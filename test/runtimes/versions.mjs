// Prints the versions of the runtimes the cross-runtime tests use (`npm run versions`), as the
// README's "Runtimes" section quotes them.
import { locate } from './locate.mjs';

const version = (name) => {
  const r = locate(name);
  return r ? /\d[\w.-]*/.exec(r.version)[0] : 'not installed';
};
console.log(`Node ${process.versions.node}, Chromium ${version('chromium')}, Deno ${version('deno')}, ` +
  `Bun ${version('bun')}, workerd ${version('workerd')}`);
