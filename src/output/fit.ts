// Text measured and cut by the columns a terminal gives it, not by its length in UTF-16 units: a CJK character
// or an emoji takes two columns, a combining mark none (string-width). Only tables on a terminal need it.

import stringWidth from 'string-width';

// Made when first cutting: building one loads ICU's break rules.
let segmenter: Intl.Segmenter | undefined;

export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** `text` cut to at most `width` columns, ending in … when cut; never splits a character (grapheme) in two. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const { segment } of segmenter.segment(text)) {
    const w = stringWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}

/** `text` padded with spaces to `width` columns. */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
