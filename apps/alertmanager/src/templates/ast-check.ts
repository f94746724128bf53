// Static checks of a parsed template, so a misspelt helper or partial fails at config load rather than at send time.

import Handlebars from 'handlebars';

/** TemplateRefs is what a template may refer to. */
export interface TemplateRefs {
  helpers: ReadonlySet<string>;
  hasPartial(name: string): boolean;
}

/** AstProblem is one bad reference, with its 1-based line. */
export interface AstProblem {
  line: number;
  message: string;
}

// Go template actions that Handlebars reads as a path when followed by ` .Field`.
const GO_KEYWORDS = new Set(['range', 'if', 'with', 'define', 'block', 'template', 'else']);

type Call = hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression;

function literalName(node: { type: string }): string | undefined {
  if (node.type === 'PathExpression') return (node as hbs.AST.PathExpression).original;
  if (node.type === 'StringLiteral') return (node as hbs.AST.StringLiteral).value;
  return undefined;
}

// Inline partials are visible to the whole template they are defined in (Handlebars registers them as it runs).
function inlineNames(program: hbs.AST.Program, out = new Set<string>()): Set<string> {
  for (const node of program.body) {
    if (node.type === 'DecoratorBlock' || node.type === 'BlockStatement') {
      const block = node as hbs.AST.BlockStatement;
      const first = block.params[0];
      if (node.type === 'DecoratorBlock' && block.path.original === 'inline' && first) {
        const name = literalName(first);
        if (name !== undefined) out.add(name);
      }
      if (block.program) inlineNames(block.program, out);
      if (block.inverse) inlineNames(block.inverse, out);
    }
  }
  return out;
}

class RefChecker extends Handlebars.Visitor {
  readonly problems: AstProblem[] = [];
  private readonly blockParams: string[][] = [];

  constructor(
    private readonly refs: TemplateRefs,
    private readonly localPartials: ReadonlySet<string>,
  ) {
    super();
  }

  override Program(program: hbs.AST.Program): void {
    this.blockParams.push(program.blockParams ?? []);
    super.Program(program);
    this.blockParams.pop();
  }

  override MustacheStatement(node: hbs.AST.MustacheStatement): void {
    this.checkGoSyntax(node);
    this.checkCall(node);
    super.MustacheStatement(node);
  }

  override BlockStatement(node: hbs.AST.BlockStatement): void {
    this.checkCall(node);
    super.BlockStatement(node);
  }

  override SubExpression(node: hbs.AST.SubExpression): void {
    this.checkCall(node);
    super.SubExpression(node);
  }

  override Decorator(node: hbs.AST.Decorator): void {
    this.problem(node, `unknown decorator ${JSON.stringify(literalName(node.path) ?? '?')}`);
  }

  override DecoratorBlock(node: hbs.AST.DecoratorBlock): void {
    const name = literalName(node.path);
    if (name !== 'inline') this.problem(node, `unknown decorator ${JSON.stringify(name ?? '?')}`);
    else if (!node.params[0] || literalName(node.params[0]) === undefined) {
      this.problem(node, 'an inline partial needs a name: {{#*inline "name"}}');
    }
    super.DecoratorBlock(node);
  }

  override PartialStatement(node: hbs.AST.PartialStatement): void {
    const name = literalName(node.name);
    if (name !== undefined) this.checkPartial(node, name);
    super.PartialStatement(node);
  }

  // `{{ range .Alerts }}` and `{{ end }}` parse as Handlebars lookups (`range.Alerts`, `end`) and would render
  // nothing; say what they are instead.
  private checkGoSyntax(node: hbs.AST.MustacheStatement): void {
    if (node.path.type !== 'PathExpression') return;
    const path = node.path as hbs.AST.PathExpression;
    const [head, second] = path.parts;
    const goAction =
      (second !== undefined &&
        head !== undefined &&
        GO_KEYWORDS.has(head) &&
        !path.original.startsWith(`${head}/`)) ||
      (path.original === 'end' && node.params.length === 0);
    if (goAction)
      this.problem(node, `${JSON.stringify(`{{${path.original}}}`)} looks like Go template syntax`);
  }

  private checkCall(node: Call): void {
    const hasArgs = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
    if (node.path.type !== 'PathExpression' || (!hasArgs && node.type !== 'SubExpression')) return;
    const path = node.path as hbs.AST.PathExpression;
    const simple =
      !path.data && path.depth === 0 && path.parts.length === 1 && !/^(?:this|\.)/.test(path.original);
    const name = path.parts[0] ?? '';
    if (!simple || this.blockParams.some((ps) => ps.includes(name))) return;
    if (!this.refs.helpers.has(name)) {
      if (hasArgs) this.problem(node, `unknown helper ${JSON.stringify(name)}`);
      return;
    }
    // The Go-style `{{template "name" .}}` names its partial with a string.
    const first = node.params[0];
    if (name === 'template' && first?.type === 'StringLiteral') {
      this.checkPartial(node, (first as hbs.AST.StringLiteral).value);
    }
  }

  private checkPartial(node: hbs.AST.Node, name: string): void {
    if (!this.localPartials.has(name) && !this.refs.hasPartial(name)) {
      this.problem(node, `unknown partial ${JSON.stringify(name)}`);
    }
  }

  private problem(node: hbs.AST.Node, message: string): void {
    this.problems.push({ line: node.loc?.start.line ?? 1, message });
  }
}

/** checkTemplateAst lists a template's references to helpers, partials and decorators that do not exist. */
export function checkTemplateAst(program: hbs.AST.Program, refs: TemplateRefs): AstProblem[] {
  const checker = new RefChecker(refs, inlineNames(program));
  checker.accept(program);
  return checker.problems;
}
