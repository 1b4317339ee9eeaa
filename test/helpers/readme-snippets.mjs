// Reads the fenced code examples of a Markdown file for test/node/readme.test.mjs.
//
// The rules (also written in the README, "The examples in this README are tested"):
// - every ```js or ```ts fence is an example; each runs on its own, as a fresh ES module
//   (js as is, ts after its types are stripped), with `import * as d from 'descent-ml'`
//   added when it does not import descent-ml itself; ts examples also type-check (strict);
// - a comment `// → value` after an expression (or after `const name = expr;`) claims its
//   value: tensors are compared through toArray(), numbers to float32 precision (relative
//   1e-4); `// ≈ value` claims the value to the digits shown (|actual − value| ≤ half a unit
//   of the last digit); a remark may follow the value after ' — ';
// - the info string may say `norun: <why>` (shown, not run; the reason is required) or
//   `file=<path>` (the example is that file verbatim; another test runs the file).

/** { lang, info, code, line, heading, attrs } for each js/ts fence. */
export function extractSnippets(markdown) {
  const out = [];
  const lines = markdown.split('\n');
  let heading = '(top)';
  for (let i = 0; i < lines.length; i++) {
    const h = /^#{1,6}\s+(.*)$/.exec(lines[i]);
    if (h) heading = h[1].trim();
    const open = /^```(\w*)\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    const lang = open[1];
    if (!['js', 'ts', 'javascript', 'typescript'].includes(lang)) continue;
    out.push({
      lang: lang.startsWith('t') ? 'ts' : 'js',
      info: open[2].trim(),
      attrs: parseInfo(open[2].trim()),
      code: body.join('\n') + '\n',
      line: start + 1,
      heading,
    });
  }
  return out;
}

function parseInfo(info) {
  const attrs = {};
  const norun = /(?:^|\s)norun(?::\s*(.*))?$/.exec(info);
  if (norun) attrs.norun = (norun[1] ?? '').trim();
  const file = /(?:^|\s)file=(\S+)/.exec(info);
  if (file) attrs.file = file[1];
  return attrs;
}

const CLAIM = /^(.*?)\s*\/\/\s*(→|≈)\s*(.+?)(?:\s+—\s.*)?\s*$/;

/**
 * The example as a module that records its claims: each claimed line's value goes through
 * __claim(value, claimedSource, kind, line), and the claims are printed as the last line.
 */
export function instrument(snippet) {
  const claims = [];
  const body = snippet.code.split('\n').map((text, i) => {
    const m = CLAIM.exec(text);
    if (!m || m[1].trim() === '' || m[1].trim().startsWith('//')) return text;
    const [, codePart, kind, claimed] = m;
    const line = snippet.line + 1 + i;
    claims.push({ line, kind, claimed });
    const code = codePart.replace(/;\s*$/, '');
    const decl = /^(\s*)(const|let|var)\s+([A-Za-z_$][\w$]*)\s*=/.exec(code);
    const args = `${JSON.stringify(claimed)}, ${JSON.stringify(kind)}, ${line}`;
    if (decl) return `${code}; __claim(${decl[3]}, ${args});`;
    return `__claim(${code}, ${args});`;
  });
  const importsUs = /from\s+['"]descent-ml['"]/.test(snippet.code);
  const prelude = [
    importsUs ? '' : "import * as d from 'descent-ml';",
    'const __claims = [];',
    'const __plain = (v) => (v !== null && typeof v === "object" && typeof v.toArray === "function" ? v.toArray() : ArrayBuffer.isView(v) ? Array.from(v) : v);',
    'const __claim = (value, claimed, kind, line) => { __claims.push({ value: __plain(value), claimed, kind, line }); return value; };',
  ].join(' ');
  const epilogue = "\nconsole.log('@@claims ' + JSON.stringify(__claims));\n";
  return { source: `${prelude}\n${body.join('\n')}${epilogue}`, claims };
}

/** The claims a run printed (the line starting with @@claims). */
export function readClaims(stdout) {
  const line = stdout.split('\n').find((l) => l.startsWith('@@claims '));
  return line === undefined ? null : JSON.parse(line.slice('@@claims '.length));
}

/** The digits a number is written with after the point (1.25 → 2, 1e-3 → 3, 300 → 0). */
function decimalsOf(text) {
  const m = /^-?\d*(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(text.trim());
  if (!m) return 0;
  return Math.max(0, (m[1]?.length ?? 0) - Number(m[2] ?? 0));
}

/**
 * Compares a claimed value (its source text) with the actual one; returns null when it holds,
 * or a message saying where it does not.
 */
export function checkClaim(actual, claimedSource, kind) {
  // eslint-disable-next-line no-new-func
  const claimed = Function(`"use strict"; return (${claimedSource});`)();
  const numbers = [];
  collectNumberTexts(claimedSource, numbers);
  let k = 0;
  const compare = (a, c, path) => {
    if (typeof c === 'number') {
      const text = numbers[k++] ?? String(c);
      if (typeof a !== 'number') return `${path}: expected a number ${c}, got ${JSON.stringify(a)}`;
      const tol = kind === '≈' ? 0.5 * 10 ** -decimalsOf(text) + 1e-12 : 1e-4 * Math.max(1, Math.abs(c));
      return Math.abs(a - c) <= tol ? null : `${path}: ${a} is not ${kind} ${text} (tolerance ${tol})`;
    }
    if (Array.isArray(c)) {
      if (!Array.isArray(a) || a.length !== c.length) return `${path}: expected ${c.length} items, got ${JSON.stringify(a)}`;
      for (let i = 0; i < c.length; i++) {
        const e = compare(a[i], c[i], `${path}[${i}]`);
        if (e) return e;
      }
      return null;
    }
    if (c !== null && typeof c === 'object') {
      if (a === null || typeof a !== 'object') return `${path}: expected an object, got ${JSON.stringify(a)}`;
      for (const key of Object.keys(c)) {
        const e = compare(a[key], c[key], `${path}.${key}`);
        if (e) return e;
      }
      return null;
    }
    return a === c ? null : `${path}: expected ${JSON.stringify(c)}, got ${JSON.stringify(a)}`;
  };
  return compare(actual, claimed, 'value');
}

// The numeric literals of the claim, in order, as written (to know the digits shown).
function collectNumberTexts(source, out) {
  const re = /(?<![\w.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi;
  const strings = /'[^']*'|"[^"]*"/g;
  const stripped = source.replace(strings, (s) => ' '.repeat(s.length));
  for (const m of stripped.matchAll(re)) out.push(m[0]);
}
