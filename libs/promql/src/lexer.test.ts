import { describe, expect, it } from 'vitest';
import { Lexer } from './lexer';
import type { TokenType } from './tokens';

/** lex returns "TYPE:text" for each token up to EOF (or the error message). */
function lex(input: string): string[] {
  const l = new Lexer(input);
  const out: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const t = l.nextItem();
    if (t.type === 'EOF') break;
    out.push(`${t.type}:${t.val}`);
    if (t.type === 'ERROR') break;
  }
  return out;
}

describe('lexer tokens', () => {
  it.each<[string, string[]]>([
    ['1', ['NUMBER:1']],
    ['4.23 .3 5.', ['NUMBER:4.23', 'NUMBER:.3', 'NUMBER:5.']],
    ['NaN nAN iNf Inf', ['NUMBER:NaN', 'NUMBER:nAN', 'NUMBER:iNf', 'NUMBER:Inf']],
    ['NaN123 Infoo', ['IDENTIFIER:NaN123', 'IDENTIFIER:Infoo']],
    ['+Inf', ['ADD:+', 'NUMBER:Inf']],
    ['0x123 0X_1f 0755', ['NUMBER:0x123', 'NUMBER:0X_1f', 'NUMBER:0755']],
    ['1e3 1E-3 1_000 1.5e+3', ['NUMBER:1e3', 'NUMBER:1E-3', 'NUMBER:1_000', 'NUMBER:1.5e+3']],
    [
      '5s 5m 1h30m 1ms 1y2w3d',
      ['DURATION:5s', 'DURATION:5m', 'DURATION:1h30m', 'DURATION:1ms', 'DURATION:1y2w3d'],
    ],
    ['"a\\"b" \'c\' `d\\`', ['STRING:"a\\"b"', "STRING:'c'", 'STRING:`d\\`']],
    ['foo:bar foo_bar sum by', ['METRIC_IDENTIFIER:foo:bar', 'IDENTIFIER:foo_bar', 'SUM:sum', 'BY:by']],
    ['SUM AND Offset', ['SUM:SUM', 'LAND:AND', 'OFFSET:Offset']],
    [
      'fill(1) fill + fill_left (2)',
      [
        'FILL:fill',
        'LEFT_PAREN:(',
        'NUMBER:1',
        'RIGHT_PAREN:)',
        'IDENTIFIER:fill',
        'ADD:+',
        'FILL_LEFT:fill_left',
        'LEFT_PAREN:(',
        'NUMBER:2',
        'RIGHT_PAREN:)',
      ],
    ],
    [
      '== != <= < >= > </ >/',
      ['EQLC:==', 'NEQ:!=', 'LTE:<=', 'LSS:<', 'GTE:>=', 'GTR:>', 'TRIM_UPPER:</', 'TRIM_LOWER:>/'],
    ],
    ['+ - * / % ^ @ atan2', ['ADD:+', 'SUB:-', 'MUL:*', 'DIV:/', 'MOD:%', 'POW:^', 'AT:@', 'ATAN2:atan2']],
    [
      '{a=~"b",c!="d",e!~"f",g="h"}',
      [
        'LEFT_BRACE:{',
        'IDENTIFIER:a',
        'EQL_REGEX:=~',
        'STRING:"b"',
        'COMMA:,',
        'IDENTIFIER:c',
        'NEQ:!=',
        'STRING:"d"',
        'COMMA:,',
        'IDENTIFIER:e',
        'NEQ_REGEX:!~',
        'STRING:"f"',
        'COMMA:,',
        'IDENTIFIER:g',
        'EQL:=',
        'STRING:"h"',
        'RIGHT_BRACE:}',
      ],
    ],
    ['{by="x"}', ['LEFT_BRACE:{', 'IDENTIFIER:by', 'EQL:=', 'STRING:"x"', 'RIGHT_BRACE:}']],
    [
      'x[ 5m : 1m ]',
      ['IDENTIFIER:x', 'LEFT_BRACKET:[', 'DURATION:5m', 'COLON::', 'DURATION:1m', 'RIGHT_BRACKET:]'],
    ],
    [
      'x[step()+1m]',
      [
        'IDENTIFIER:x',
        'LEFT_BRACKET:[',
        'STEP:step',
        'LEFT_PAREN:(',
        'RIGHT_PAREN:)',
        'ADD:+',
        'DURATION:1m',
        'RIGHT_BRACKET:]',
      ],
    ],
    ['# comment\n1', ['COMMENT:# comment', 'NUMBER:1']],
  ])('%j', (input, tokens) => {
    expect(lex(input)).toEqual(tokens);
  });

  it('reports positions as UTF-16 offsets', () => {
    const l = new Lexer('"ä😀" + x');
    const types: Array<[TokenType, number]> = [];
    for (let t = l.nextItem(); t.type !== 'EOF'; t = l.nextItem()) types.push([t.type, t.pos]);
    expect(types).toEqual([
      ['STRING', 0],
      ['ADD', 6],
      ['IDENTIFIER', 8],
    ]);
  });
});

describe('lexer errors', () => {
  it.each([
    ['.', "unexpected character: '.'"],
    ['2.5.', 'bad number or duration syntax: "2.5."'],
    ['0deadbeef', 'bad number or duration syntax: "0de"'],
    ['5mm', 'bad number or duration syntax: "5mm"'],
    ['1__0', 'bad number or duration syntax: "1__"'],
    ['0x1.5', 'bad number or duration syntax: "0x1."'],
    ['=~', "unexpected character after '=': '~'"],
    ['!', "unexpected character after '!': '�'"],
    ['"abc', 'unterminated quoted string'],
    ['"a\nb"', 'unterminated quoted string'],
    ['`abc', 'unterminated raw string'],
    ['"\\c"', "unknown escape sequence U+0063 'c'"],
    ['"\\x4"', "illegal character U+0022 '\"' in escape sequence"],
    ['"\\ud800"', 'escape sequence is an invalid Unicode code point'],
    ['"\\U00110000"', 'escape sequence is an invalid Unicode code point'],
    ['"\\\'"', "unknown escape sequence U+0027 '''"],
    ['"\ufffd"', 'invalid UTF-8 rune'],
    ['"\ud800"', 'invalid UTF-8 rune'],
    ['\u0000', "unexpected character: '\\x00'"],
    ['é', "unexpected character: 'é'"],
    ['(', 'unclosed left parenthesis'],
    [')', "unexpected right parenthesis ')'"],
    [']', "unexpected right bracket ']'"],
    ['x[5m', 'unclosed left bracket'],
    ['x[', 'unexpected end of input in duration expression'],
    ['x[[', "unexpected character in duration expression: '['"],
    ['x[:5m]', 'unexpected colon before duration in duration expression'],
    ['x[5m x]', "unexpected character: 'x', expected ':'"],
    ['x[5m:1m:]', "unexpected colon ':'"],
    ['{', 'unexpected end of input inside braces'],
    ['{{', "unexpected left brace '{'"],
    ['{a!b}', "unexpected character after '!' inside braces: 'b'"],
    ['{a:b}', "unexpected character inside braces: ':'"],
  ])('%j: %s', (input, message) => {
    expect(lex(input).at(-1)).toBe(`ERROR:${message}`);
  });
});
