// A bundle's text with every non-ASCII character written as a \u escape. V8 keeps a script's source in
// memory, and one non-ASCII character (a regex literal, a dependency's comment) makes all of it a
// two-byte string: twice the bytes. \u escapes mean the same in strings, regular expressions and
// comments.
export function asciiOnly(text) {
  return text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
