import type { SourcePosition } from './types';

/** SourceTextError is a problem with a file's bytes found before any YAML is read. */
export interface SourceTextError {
  position: SourcePosition;
  message: string;
}

/** DecodedSource is a rule file's text, or the reason its bytes are not text YAML can read. */
export type DecodedSource = { ok: true; text: string } | { ok: false; error: SourceTextError };

/**
 * decodeSource turns file bytes into text as Go's YAML reader does: UTF-8 (an optional BOM is dropped),
 * UTF-16 when a BOM says so; invalid bytes and control characters are errors with their position.
 */
export function decodeSource(bytes: Uint8Array): DecodedSource {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return checkText(new TextDecoder('utf-16le').decode(bytes.subarray(2)));
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return checkText(new TextDecoder('utf-16be').decode(bytes.subarray(2)));
  }
  const bad = findInvalidUtf8(bytes);
  if (bad) {
    return { ok: false, error: { position: bytePosition(bytes, bad.offset), message: bad.message } };
  }
  return checkText(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
}

// The characters libyaml accepts in a stream (YAML 1.1 "printable"), besides tab, CR and LF.
const NOT_PRINTABLE = /[^\t\n\r\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** checkText drops a BOM and rejects characters YAML does not allow in a stream (NUL, other control characters). */
export function checkText(input: string): DecodedSource {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const m = NOT_PRINTABLE.exec(text);
  if (!m) return { ok: true, text };
  return {
    ok: false,
    error: { position: textPosition(text, m.index), message: 'control characters are not allowed' },
  };
}

interface Utf8Problem {
  offset: number;
  message: string;
}

/** findInvalidUtf8 returns the first byte that breaks UTF-8, worded as libyaml words it. */
function findInvalidUtf8(b: Uint8Array): Utf8Problem | undefined {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    let width: number;
    let min: number;
    if ((c & 0xe0) === 0xc0) [width, min] = [2, 0x80];
    else if ((c & 0xf0) === 0xe0) [width, min] = [3, 0x800];
    else if ((c & 0xf8) === 0xf0) [width, min] = [4, 0x10000];
    else return { offset: i, message: 'invalid leading UTF-8 octet' };
    if (i + width > n) return { offset: i, message: 'incomplete UTF-8 octet sequence' };
    let cp = c & (0xff >> (width + 1));
    for (let k = 1; k < width; k++) {
      const t = b[i + k] as number;
      if ((t & 0xc0) !== 0x80) return { offset: i + k, message: 'invalid trailing UTF-8 octet' };
      cp = (cp << 6) | (t & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      return { offset: i, message: 'invalid Unicode character' };
    }
    i += width;
  }
  return undefined;
}

function bytePosition(b: Uint8Array, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (b[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // Columns count characters; the bytes before the bad one on its line are valid UTF-8.
  const before = new TextDecoder().decode(b.subarray(lineStart, offset));
  return { line, column: [...before].length + 1 };
}

function textPosition(text: string, offset: number): SourcePosition {
  const head = text.slice(0, offset);
  const lineStart = head.lastIndexOf('\n') + 1;
  let line = 1;
  for (let i = head.indexOf('\n'); i !== -1; i = head.indexOf('\n', i + 1)) line++;
  return { line, column: [...head.slice(lineStart)].length + 1 };
}
