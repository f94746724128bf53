// Errors raised by parsing and executing templates; messages are exactly Go's.

/** TemplateError is a template parse or execution failure, with Go's message text. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** ExecError is a failure while executing a template (Go's template.ExecError). */
export class ExecError extends TemplateError {
  override name = 'ExecError';
  constructor(
    message: string,
    /** The name of the template that was executing. */
    readonly templateName: string,
  ) {
    super(message);
  }
}
