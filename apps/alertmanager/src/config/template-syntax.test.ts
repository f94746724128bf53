import { describe, expect, it } from 'vitest';
import { checkTemplateSyntax } from './template-syntax';

describe('checkTemplateSyntax', () => {
  it.each([
    'plain text',
    'http://example.com/{{ .GroupLabels.alertname }}',
    '{{ define "x" }}{{ if .A }}a{{ else }}b{{ end }}{{ end }}',
    '{{ range .Alerts }}{{ .Labels.x | printf "%q" }}{{ end }}',
    '{{/* a comment with }} inside */}}',
    '{{- "quoted }}" -}}',
  ])('accepts %j', (text) => {
    expect(checkTemplateSyntax(text)).toBeUndefined();
  });

  it.each([
    ['http://example.com/{{ .Invalid', 'unclosed action'],
    ['{{ if .A }}x', 'unexpected EOF'],
    ['x{{ end }}', 'unexpected {{end}}'],
    ['{{ "open }}', 'unterminated quoted string'],
    ['{{ (len .A }}', 'unclosed left paren'],
  ])('rejects %j: %s', (text, message) => {
    expect(checkTemplateSyntax(text)).toBe(message);
  });

  it('names file and line when given a name', () => {
    expect(checkTemplateSyntax('ok\n{{ end }}', 'a.tmpl')).toBe('a.tmpl:2: unexpected {{end}}');
  });
});
