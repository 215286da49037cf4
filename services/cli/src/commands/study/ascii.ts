/**
 * The byte values the study command's byte-level readers and writers compare or write (ASCII characters, which UTF-8
 * keeps as single bytes). One table, so the prices reader, the decimal parser and the table writers agree.
 */
export const ASCII = {
  TAB: 9,
  LF: 10,
  CR: 13,
  SPACE: 32,
  QUOTE: 34,
  PLUS: 43,
  COMMA: 44,
  MINUS: 45,
  DOT: 46,
  DIGIT_0: 48,
  DIGIT_9: 57,
  UPPER_E: 69,
  LOWER_E: 101,
} as const;
