// The width of any text, as string-width 7 counts it (test/render/text.test.ts holds the two
// equal). Its own copy only so the ICU segmenter is made the first time it is needed: made
// when string-width loads, it cost every command ~9 ms, though most never print an emoji.
import emojiRegex from 'emoji-regex';
import { eastAsianWidth } from 'get-east-asian-width';
import stripAnsi from 'strip-ansi';

let segmenter: Intl.Segmenter | undefined;
const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;

/** Columns a code point takes none of: controls, zero-width, combining marks, variation selectors. */
const zeroWidth = (c: number): boolean =>
  c <= 0x1f ||
  (c >= 0x7f && c <= 0x9f) ||
  (c >= 0x200b && c <= 0x200f) ||
  c === 0xfeff ||
  (c >= 0x300 && c <= 0x36f) ||
  (c >= 0x1ab0 && c <= 0x1aff) ||
  (c >= 0x1dc0 && c <= 0x1dff) ||
  (c >= 0x20d0 && c <= 0x20ff) ||
  (c >= 0xfe20 && c <= 0xfe2f) ||
  (c >= 0xd800 && c <= 0xdfff) ||
  (c >= 0xfe00 && c <= 0xfe0f);

export function exactWidth(text: string): number {
  const s = stripAnsi(text);
  segmenter ??= new Intl.Segmenter();
  let width = 0;
  for (const { segment } of segmenter.segment(s)) {
    const c = segment.codePointAt(0) as number;
    if (zeroWidth(c) || IGNORABLE.test(segment)) continue;
    width += emojiRegex().test(segment) ? 2 : eastAsianWidth(c, { ambiguousAsWide: false });
  }
  return width;
}
