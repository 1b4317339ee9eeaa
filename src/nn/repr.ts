// Pieces of torch's module repr: Python's spelling of numbers and booleans, nested indentation.

/** Every line but the first indented by `spaces` (a child module's repr inside its parent's). */
export function indentTail(s: string, spaces: number): string {
  const lines = s.split('\n');
  return [lines[0], ...lines.slice(1).map((l) => ' '.repeat(spaces) + l)].join('\n');
}

/** A number as Python prints it in a repr (1.0, 0.5, 1e-05). */
export function pyFloat(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.0`;
  return String(v).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** A boolean as Python prints it. */
export function pyBool(v: boolean): string {
  return v ? 'True' : 'False';
}
