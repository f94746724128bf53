// One rule file, from bytes or text to validated groups: what Prometheus's rulefmt.Parse does.
import { parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { NameValidation } from '@vigil/model';
import { decodeRuleFile } from './decode-rule-groups';
import type { RawGroup, RuleFileFormat } from './decode-rule-groups';
import { defaultExprChecker, defaultTemplateChecker } from './default-checkers';
import { PositionIndex } from './position-index';
import { checkText, decodeSource } from './source-text';
import type { RuleFileError, RuleGroupSpec, SourcePosition } from './types';
import { validateRuleGroups } from './validate';
import type { ExprChecker, TemplateChecker } from './validate';
import { DecodeAbort, GoYamlDecoder } from './yaml-decoder';

/** ParseRuleFileOptions selects how strictly a rule file is read. */
export interface ParseRuleFileOptions {
  /** Label/metric name rules: 'utf8' (Prometheus 3, the default) or 'legacy' (Prometheus 2, promtool 2.42). */
  nameValidation?: NameValidation;
  /** Accept fields rulefmt does not know (promtool's --ignore-unknown-fields). */
  ignoreUnknownFields?: boolean;
  /** Parses PromQL; defaults to @vigil/promql with promtool's parser options. */
  checkExpr?: ExprChecker;
  /** Parses alerting-rule templates; defaults to @vigil/templating. */
  checkTemplate?: TemplateChecker;
}

/** ParsedRuleFile is the outcome of reading one rule file. */
export interface ParsedRuleFile {
  file: string;
  /** Plain rule file, or a Kubernetes PrometheusRule manifest whose `spec` holds the groups. */
  format: RuleFileFormat;
  /** The file's groups; empty whenever `errors` is not. */
  groups: RuleGroupSpec[];
  errors: RuleFileError[];
  /** Problems that do not fail the file (a second YAML document, which is ignored). */
  warnings: RuleFileError[];
}

/** parseRuleFile reads and validates one rule file's content; it never throws for bad input. */
export function parseRuleFile(
  content: string | Uint8Array,
  fileName: string,
  opts: ParseRuleFileOptions = {},
): ParsedRuleFile {
  const result: ParsedRuleFile = { file: fileName, format: 'rules', groups: [], errors: [], warnings: [] };
  const fail = (message: string, position?: SourcePosition): ParsedRuleFile => {
    result.errors.push(position ? { file: fileName, position, message } : { file: fileName, message });
    return result;
  };

  const source = typeof content === 'string' ? checkText(content) : decodeSource(content);
  if (!source.ok)
    return fail(yamlMessage(source.error.message, source.error.position), source.error.position);
  const positions = new PositionIndex(source.text);

  let doc: Document.Parsed;
  try {
    doc = parseDocument(source.text, { prettyErrors: false, uniqueKeys: false, keepSourceTokens: false });
  } catch (err) {
    return fail(`yaml: ${err instanceof Error ? err.message : String(err)}`);
  }
  for (const e of doc.errors) {
    const position = positions.at(e.pos[0]);
    if (e.code === 'MULTIPLE_DOCS') {
      result.warnings.push({
        file: fileName,
        position,
        message: `${position.line}:${position.column}: Multiple document yaml rules files are not supported, only the first document is processed`,
      });
      continue;
    }
    // Like libyaml, stop at the first syntax error: the ones after it are mostly its echoes.
    return fail(yamlMessage(lowerFirst(e.message), position), position);
  }

  const decoder = new GoYamlDecoder(doc, positions, { knownFields: !opts.ignoreUnknownFields });
  let raw: RawGroup[];
  try {
    const decoded = decodeRuleFile(decoder, doc.contents);
    result.format = decoded.format;
    raw = decoded.groups;
  } catch (err) {
    if (err instanceof DecodeAbort) return fail(yamlMessage(err.message, err.position), err.position);
    if (err instanceof RangeError) return fail('yaml: document nests too deeply to decode');
    throw err;
  }
  const [firstTypeError] = decoder.typeErrors;
  if (firstTypeError) {
    const lines = decoder.typeErrors.map(
      (p) => `\n  line ${p.position.line}:${p.position.column}: ${p.message}`,
    );
    fail(`yaml: unmarshal errors:${lines.join('')}`, firstTypeError.position);
  }
  for (const p of decoder.valueErrors)
    fail(`${p.position.line}:${p.position.column}: ${p.message}`, p.position);
  if (result.errors.length > 0) return result;

  const validated = validateRuleGroups(raw, fileName, {
    nameValidation: opts.nameValidation ?? 'utf8',
    checkExpr: opts.checkExpr ?? defaultExprChecker,
    checkTemplate: opts.checkTemplate ?? defaultTemplateChecker,
  });
  result.errors.push(...validated.errors);
  if (result.errors.length === 0) result.groups = validated.groups;
  return result;
}

function yamlMessage(message: string, position: SourcePosition | undefined): string {
  return position ? `yaml: line ${position.line}:${position.column}: ${message}` : `yaml: ${message}`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
