/**
 * The UTF-8 length of a string, counted without encoding it (a writer that
 * sends text in pieces still needs its size in bytes). Pure.
 *
 * @module
 */

/** How many bytes `text` takes in UTF-8 (a lone surrogate as U+FFFD's 3, as `TextEncoder` writes it). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
