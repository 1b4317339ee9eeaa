// Signatures as written, `'zeros(...size, {requiresGrad})'`: read by their punctuation when a
// callable is declared (src/signature.ts), their form checked by checkSignatureText (run by
// test/api/refusal.test.mjs on every declared callable, not at import).

/** The signature of a declared callable: read by the refusal test through SIGNATURE. */
export interface Signature {
  /** What the user called: `zeros`, `Linear`, `step` (methods get their class's name in messages). */
  readonly name: string;
  /** The signature as written, `zeros(shape, {requiresGrad})`. */
  readonly text: string;
  /** Positional parameters accepted; Infinity for `...rest`. */
  readonly arity: number;
  /** The index of the options parameter, or -1. */
  readonly optionsAt: number;
  /** The option keys accepted at optionsAt. */
  readonly options: readonly string[];
  /**
   * Set for sizes then options, `zeros(...size, {requiresGrad})`: the sizes are numbers or one
   * array; the options are the argument after the array, or the last one when it is not a number.
   */
  readonly optionsAfterRest?: true;
  /** Set for a class method: the class it was declared on. */
  readonly owner?: string;
  /** Set for a class whose constructor is not public: what to use instead. */
  readonly notConstructible?: string;
  /** Set for a declared class (declareClass). */
  readonly isClass?: true;
}

const parsed = new Map<string, Signature>();

/** Parses `name(a, b, {x, y}, ...rest)` (cached: for checks made at call time, checkOptionsOf). */
export function parseSignature(text: string, owner?: string): Signature {
  const key = owner === undefined ? text : `${owner}#${text}`;
  const known = parsed.get(key);
  if (known !== undefined) return known;
  const sig = new ReadSignature(text, owner);
  parsed.set(key, sig);
  return sig;
}

// A signature, and each parameter in it: a name (optionally `name?`), `...name`, or one `{a, b}`.
const SIGNATURE_TEXT = /^[A-Za-z_$][\w$]*\(\s*(.*?)\s*\)$/s;
const PARAM = String.raw`(?:[A-Za-z_$][\w$]*\??|\.\.\.[A-Za-z_$][\w$]*|\{[^{}]*\})`;
const PARAMS = new RegExp(String.raw`^(?:${PARAM}(?:\s*,\s*${PARAM})*)?$`);

/**
 * Throws unless `text` is a well-formed signature. Not run at import (the ~640 declarations
 * through these expressions cost ~3 ms of cold start): test/api/refusal.test.mjs runs it on
 * every declared callable, and ReadSignature below relies on the form it checks.
 */
export function checkSignatureText(text: string): void {
  const match = SIGNATURE_TEXT.exec(text.trim());
  if (match === null || !PARAMS.test(match[1])) throw new Error(`descent: internal error: malformed signature '${text}'`);
  new ReadSignature(text, undefined); // the placement rules (one options object; a rest parameter last, or before it)
}

/**
 * A signature read by its punctuation (its form is checked by checkSignatureText). ~640 are
 * read at import, so only what every call needs (arity, where the options are) is read then,
 * by indexOf over the text; the option keys are read when a call passes options or a message
 * names them. Fields read by the wrappers are always present (one object shape for all).
 */
export class ReadSignature implements Signature {
  readonly name: string;
  readonly text: string;
  readonly arity: number;
  readonly optionsAt: number;
  readonly optionsAfterRest: true | undefined;
  readonly owner: string | undefined;
  readonly notConstructible: string | undefined;
  readonly isClass: true | undefined;
  private keys: readonly string[] | undefined = undefined;

  constructor(text: string, owner: string | undefined, isClass?: true, notConstructible?: string) {
    text = text.trim();
    const paren = text.indexOf('(');
    const end = text.lastIndexOf(')');
    // Parameters are separated by the commas outside the braces.
    const open = text.indexOf('{', paren + 1);
    const close = open < 0 ? -1 : text.indexOf('}', open);
    const commas = count(text, ',', paren + 1, end) - (open < 0 ? 0 : count(text, ',', open, close));
    let arity = firstNonSpace(text, paren + 1) >= end ? 0 : commas + 1;
    const optionsAt = open < 0 ? -1 : count(text, ',', paren + 1, open);
    if (paren <= 0 || (open >= 0 && text.indexOf('{', close) >= 0)) throw new Error(`descent: internal error: malformed signature '${text}'`);
    let optionsAfterRest = false;
    const rest = text.indexOf('...', paren + 1);
    if (rest >= 0) {
      const at = count(text, ',', paren + 1, rest);
      optionsAfterRest = optionsAt === arity - 1 && at === arity - 2;
      if (at !== arity - 1 && !optionsAfterRest) throw new Error(`descent: internal error: malformed signature '${text}'`);
      arity = Infinity;
    }
    this.name = text.slice(0, paren);
    this.text = text;
    this.arity = arity;
    this.optionsAt = optionsAt;
    this.optionsAfterRest = optionsAfterRest ? true : undefined;
    this.owner = owner;
    this.isClass = isClass;
    this.notConstructible = notConstructible;
  }

  get options(): readonly string[] {
    if (this.keys === undefined) {
      const open = this.text.indexOf('{');
      const keys = open < 0 ? [] : this.text.slice(open + 1, this.text.indexOf('}', open)).split(',').map((k) => k.trim());
      this.keys = Object.freeze(keys.filter((k) => k !== ''));
    }
    return this.keys;
  }
}

/** The index of the first character at or after `from` that is not white space. */
function firstNonSpace(text: string, from: number): number {
  while (from < text.length && text.charCodeAt(from) <= 32) from++;
  return from;
}

/** How many times `c` occurs in text[from, to). */
function count(text: string, c: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf(c, from); i >= 0 && i < to; i = text.indexOf(c, i + 1)) n++;
  return n;
}
