// How well a sampled continuation agrees with the text it was trained on, as the torch reference
// scripts measure it (tools/reference/char_lstm.py and char_transformer.py, agreement()): the
// longest stretch of the continuation found verbatim in the text, and the share of its complete
// words (the last may be cut off) that are words of the text.
export function agreement(text, continuation) {
  let longest = 0;
  for (let i = 0; i < continuation.length; i++) {
    for (let j = i + longest + 1; j <= continuation.length && text.includes(continuation.slice(i, j)); j++) longest = j - i;
  }
  const words = (s) => s.replace(/[^A-Za-z]/g, ' ').split(' ').filter((w) => w !== '');
  const known = new Set(words(text));
  const found = words(continuation).slice(0, -1);
  return { longest, knownWords: found.filter((w) => known.has(w)).length / Math.max(found.length, 1) };
}
