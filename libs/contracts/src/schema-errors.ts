import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { TLocalizedValidationError } from 'typebox/error';

/** ParseResult is the outcome of checking untrusted data against a schema: the typed value, or readable errors. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/**
 * formatFieldPath turns a JSON pointer (`/alerts/0/startsAt`) into the path a person reads (`alerts[0].startsAt`).
 * The root is `(root)` so a message never starts with a bare colon.
 */
export function formatFieldPath(pointer: string): string {
  if (pointer === '') return '(root)';
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * formatSchemaErrors renders TypeBox errors as `path: message` lines, one per field.
 * A missing required property is reported at the property's own path, which is where a reader looks for it.
 */
export function formatSchemaErrors(errors: readonly TLocalizedValidationError[]): string[] {
  const out: string[] = [];
  for (const error of errors) {
    if (error.keyword === 'required') {
      for (const name of error.params.requiredProperties) {
        out.push(`${formatFieldPath(`${error.instancePath}/${escapePointer(name)}`)}: is required`);
      }
      continue;
    }
    out.push(`${formatFieldPath(error.instancePath)}: ${error.message}`);
  }
  return [...new Set(out)];
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** compileParser builds a checker for one schema that returns the typed value or `path: message` errors. */
export function compileParser<const S extends TSchema>(schema: S): (data: unknown) => ParseResult<Static<S>> {
  const validator = Compile(schema);
  return (data) => {
    if (validator.Check(data)) return { ok: true, value: data };
    return { ok: false, errors: formatSchemaErrors(validator.Errors(data)) };
  };
}
