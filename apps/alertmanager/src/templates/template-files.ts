// Template files: how a file defines partials, Vigil's default templates, and loading the config's `templates:`.
//
// The convention:
// - A file whose top level holds `{{#*inline "name"}}…{{/inline}}` blocks defines one partial per block (the
//   counterpart of Go's `{{ define "name" }}`). Anything else at its top level other than whitespace and
//   `{{! comments }}` is an error, so stray text cannot silently vanish.
// - A file without inline blocks is itself one partial, named after the file without its last extension
//   (`team.slack.text.hbs` defines `team.slack.text`); one trailing newline is dropped.
// - Files are read in glob order, after Vigil's defaults; a later definition replaces an earlier one.

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { globFiles } from '../cli/file-glob';
import { TemplateError, parseTemplate } from './template-error';
import { TemplateSet, type PartialDef } from './template-set';

/** DEFAULT_TEMPLATE_FILES are Vigil's default templates, under templates/defaults/. */
export const DEFAULT_TEMPLATE_FILES: readonly string[] = [
  'default.hbs',
  'email.hbs',
  'email.default.html.hbs',
];

const isBlank = (node: hbs.AST.Statement): boolean =>
  node.type === 'CommentStatement' ||
  (node.type === 'ContentStatement' && (node as hbs.AST.ContentStatement).value.trim() === '');

function inlineName(node: hbs.AST.Statement): string | undefined {
  if (node.type !== 'DecoratorBlock') return undefined;
  const block = node as hbs.AST.DecoratorBlock;
  const first = block.params[0];
  if (block.path.original !== 'inline' || first?.type !== 'StringLiteral') return undefined;
  return (first as hbs.AST.StringLiteral).value;
}

/** partialsOfFile reads the partials a template file defines (see the convention above); throws TemplateError. */
export function partialsOfFile(path: string, text: string): PartialDef[] {
  const program = parseTemplate(text, path);
  const defs: PartialDef[] = [];
  const stray: hbs.AST.Statement[] = [];
  for (const node of program.body) {
    const name = inlineName(node);
    if (name !== undefined) {
      const block = node as hbs.AST.DecoratorBlock;
      defs.push({ name, program: block.program, source: path, line: block.loc.start.line, text });
    } else if (!isBlank(node)) {
      stray.push(node);
    }
  }
  if (defs.length === 0) {
    const whole = text.endsWith('\n') ? parseTemplate(text.slice(0, -1), path) : program;
    return [{ name: basename(path, extname(path)), program: whole, source: path, line: 1, text }];
  }
  const [first] = stray;
  if (first) {
    throw new TemplateError(
      path,
      first.loc.start.line,
      'text outside {{#*inline "name"}}…{{/inline}} blocks (a file with inline partials may hold only those)',
    );
  }
  return defs;
}

let defaultDefs: PartialDef[] | undefined;

/** defaultPartials are the partials of Vigil's default templates (read once). */
export function defaultPartials(): PartialDef[] {
  if (!defaultDefs) {
    defaultDefs = DEFAULT_TEMPLATE_FILES.flatMap((file) => {
      const path = fileURLToPath(new URL(`./defaults/${file}`, import.meta.url));
      return partialsOfFile(path, readFileSync(path, 'utf8'));
    });
  }
  return defaultDefs;
}

/** TemplateFile is a template file's path and text. */
export interface TemplateFile {
  path: string;
  text: string;
}

/** templateSetOf builds a template set of Vigil's defaults and the given files; throws TemplateError. */
export function templateSetOf(files: readonly TemplateFile[]): TemplateSet {
  return new TemplateSet([...defaultPartials(), ...files.flatMap((f) => partialsOfFile(f.path, f.text))]);
}

/** defaultTemplateSet is the set of Vigil's default templates alone. */
export function defaultTemplateSet(): TemplateSet {
  return templateSetOf([]);
}

/**
 * loadTemplates reads the files the config's `templates:` globs match (a glob matching nothing is fine, as in
 * Alertmanager) and builds the template set; it throws TemplateError for a template problem (with file and line)
 * and other errors for unreadable files or bad glob patterns.
 */
export async function loadTemplates(globs: readonly string[]): Promise<TemplateSet> {
  const paths = globs.flatMap((g) => globFiles(g));
  const files = await Promise.all(paths.map(async (path) => ({ path, text: await readFile(path, 'utf8') })));
  return templateSetOf(files);
}
