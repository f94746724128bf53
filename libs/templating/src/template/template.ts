// The text/template Template: a named set of associated templates sharing functions and options.
import { quote } from '../go/strconv';
import { type GoFunc } from '../go/types';
import { Value, toValue } from '../go/value';
import { BUILTINS } from './builtins';
import { TemplateError } from './errors';
import { execute, type ExecTemplate, type MissingKey } from './exec';
import { isEmptyTree, type Tree } from './nodes';
import { parseTemplates } from './parser';

/** FuncMap maps function names to Go-typed functions, as text/template.FuncMap does. */
export type FuncMap = Record<string, GoFunc>;

interface Common {
  templates: Map<string, Template>;
  funcs: Map<string, GoFunc>;
  missingKey: MissingKey;
}

const IDENT = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;

/** Template is a parsed Go text/template; create one with `Template.create(name)`. */
export class Template implements ExecTemplate {
  tree: Tree | undefined;

  private constructor(
    readonly name: string,
    private readonly common: Common,
  ) {}

  /** create allocates a new, undefined template with the given name (template.New). */
  static create(name: string): Template {
    return new Template(name, { templates: new Map(), funcs: new Map(), missingKey: 'invalid' });
  }

  /** new allocates a template associated with this one, sharing functions and options (Template.New). */
  new(name: string): Template {
    return new Template(name, this.common);
  }

  /** funcs adds functions to the template's function map (Template.Funcs); call before parse. */
  funcs(map: FuncMap): this {
    for (const [name, fn] of Object.entries(map)) {
      if (!IDENT.test(name))
        throw new TemplateError(`function name ${quote(name)} is not a valid identifier`);
      this.common.funcs.set(name, fn);
    }
    return this;
  }

  /** option sets options such as `missingkey=zero` (Template.Option). */
  option(...opts: string[]): this {
    for (const opt of opts) {
      const m = /^missingkey=(.*)$/.exec(opt);
      const mode = m?.[1];
      if (mode === 'invalid' || mode === 'default') this.common.missingKey = 'invalid';
      else if (mode === 'zero') this.common.missingKey = 'zero';
      else if (mode === 'error') this.common.missingKey = 'error';
      else throw new TemplateError(`unrecognized option: ${opt}`);
    }
    return this;
  }

  /** missingKey is the current `missingkey` behaviour. */
  get missingKey(): MissingKey {
    return this.common.missingKey;
  }

  /** parse parses text as the body of this template; `{{define}}`s become associated templates. */
  parse(text: string): this {
    const trees = parseTemplates(
      this.name,
      text,
      (name) => this.common.funcs.has(name) || BUILTINS.has(name),
    );
    for (const [name, tree] of trees) this.addParseTree(name, tree);
    return this;
  }

  private addParseTree(name: string, tree: Tree): void {
    const nt = name === this.name ? this : this.new(name);
    const old = this.common.templates.get(name);
    const replace = !(old !== undefined && isEmptyTree(tree.root) && old.tree !== undefined);
    if (replace) this.common.templates.set(name, nt);
    if (replace || nt.tree === undefined) nt.tree = tree;
  }

  /** lookup returns the associated template with the given name. */
  lookup(name: string): Template | undefined {
    return this.common.templates.get(name);
  }

  /** findFunction resolves a function name: the template's functions first, then the builtins. */
  findFunction(name: string): { fn: GoFunc; builtin: boolean } | undefined {
    const own = this.common.funcs.get(name);
    if (own) return { fn: own, builtin: false };
    const builtin = BUILTINS.get(name);
    return builtin ? { fn: builtin, builtin: true } : undefined;
  }

  /** templates lists the associated templates that have a body. */
  templates(): Template[] {
    return Array.from(this.common.templates.values()).filter((t) => t.tree !== undefined);
  }

  /** execute applies the template to data (plain JS data is converted with toValue) and returns the output. */
  async execute(data: unknown): Promise<string> {
    return execute(this, data instanceof Value ? data : toValue(data));
  }

  /** executeTemplate executes the associated template with the given name. */
  async executeTemplate(name: string, data: unknown): Promise<string> {
    const t = this.lookup(name);
    if (!t)
      throw new TemplateError(
        `template: no template ${quote(name)} associated with template ${quote(this.name)}`,
      );
    return t.execute(data);
  }
}
