/**
 * `--command "CMD ARGS"` split into words as a POSIX shell splits a simple
 * command: blanks separate words; `'…'` keeps everything literally; `"…"`
 * keeps everything but `\"`, `\\`, `\$` and `` \` `` (backslash escapes);
 * outside quotes a backslash escapes the next character. No expansion
 * (`$HOME`, `*`, `~` stay as written).
 *
 * @module
 */

/** A command that cannot be split (an open quote, a trailing backslash). */
export class CommandWordsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommandWordsError";
  }
}

/** The words of `text`. Throws {@linkcode CommandWordsError}. */
export function commandWords(text: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\n") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === "\\") {
      if (i + 1 >= text.length) throw new CommandWordsError("it ends with a backslash");
      word += text[++i];
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new CommandWordsError("a single quote is not closed");
      word += text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === "\\" && j + 1 < text.length && '"\\$`'.includes(text[j + 1]!)) j++;
        word += text[j];
      }
      if (j >= text.length) throw new CommandWordsError("a double quote is not closed");
      i = j;
    } else {
      word += c;
    }
  }
  if (inWord) words.push(word);
  return words;
}
