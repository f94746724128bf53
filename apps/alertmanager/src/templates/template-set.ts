// A set of named partials (Vigil's defaults plus the user's template files) and the compiler for notification
// fields. Everything is parsed, checked and compiled when the set is built or a field is compiled — at config
// load — so a broken template never waits until a notification is due.

import Handlebars from 'handlebars';
import { checkTemplateAst } from './ast-check';
import { finishSlack, type Flavor } from './flavor';
import { HELPERS, str } from './helpers';
import type { NotificationData } from './notification-data';
import { GO_SYNTAX, GO_SYNTAX_HINT, TemplateError, parseTemplate, templateErrorFrom } from './template-error';

type Env = typeof Handlebars;

/** PartialDef is a named partial: its parsed body and where it was defined. */
export interface PartialDef {
  name: string;
  program: hbs.AST.Program;
  /** The file it comes from. */
  source: string;
  /** The 1-based line its definition starts on. */
  line: number;
  /** The file's text, for error messages. */
  text: string;
}

/** CompiledTemplate renders one template against notification data. */
export interface CompiledTemplate {
  /** The template's text as configured. */
  readonly text: string;
  /** render executes the template; it throws when a helper fails (bad argument, unknown time zone, ...). */
  render(data: NotificationData): string;
}

const EMPTY: CompiledTemplate = { text: '', render: () => '' };

const compileOptions = (flavor: Flavor): CompileOptions => ({
  noEscape: flavor === 'text',
  // Partials on an indented line of their own are not re-indented: text and Slack output stay as written.
  preventIndent: true,
});

/**
 * TemplateSet holds named partials and compiles notification fields against them. Partials later in the list
 * replace earlier ones of the same name (user files override Vigil's defaults, as Go's `define` does).
 */
export class TemplateSet {
  private readonly partials = new Map<string, PartialDef>();
  private readonly envs = new Map<Flavor, Env>();
  private readonly helperNames: ReadonlySet<string>;

  /** Builds the set and checks every partial; throws TemplateError naming the file and line of the first problem. */
  constructor(defs: readonly PartialDef[]) {
    for (const d of defs) this.partials.set(d.name, d);
    const builtins = ['if', 'unless', 'each', 'with', 'lookup', 'log', 'template'];
    this.helperNames = new Set([...builtins, ...Object.keys(HELPERS)]);
    for (const d of this.partials.values()) this.validate(d.program, d.text, d.source, 0);
  }

  /** partialNames lists the defined partials, sorted. */
  partialNames(): string[] {
    return [...this.partials.keys()].sort();
  }

  /** hasPartial tells whether a partial of that name is defined. */
  hasPartial(name: string): boolean {
    return this.partials.has(name);
  }

  /**
   * compile parses, checks and compiles one template for the given output flavor; `source` names it in errors
   * (e.g. `slack_configs[0].title`). Throws TemplateError.
   */
  compile(text: string, flavor: Flavor, source: string): CompiledTemplate {
    if (text === '') return EMPTY;
    const program = parseTemplate(text, source);
    this.validate(program, text, source, 0);
    const fn = this.env(flavor).compile(program, compileOptions(flavor));
    return {
      text,
      render: (data) => {
        const out = fn(data);
        return flavor === 'slack' ? finishSlack(out) : out;
      },
    };
  }

  /** renderPartial renders a named partial directly (for previews and tests). */
  renderPartial(name: string, flavor: Flavor, data: NotificationData): string {
    return this.compile(`{{> ${JSON.stringify(name)}}}`, flavor, `partial ${name}`).render(data);
  }

  // Static reference checks, then Handlebars' own compiler (compile() alone defers it to the first render).
  private validate(program: hbs.AST.Program, text: string, source: string, lineOffset: number): void {
    const [problem] = checkTemplateAst(program, {
      helpers: this.helperNames,
      hasPartial: (n) => this.hasPartial(n),
    });
    if (problem) {
      const hint = GO_SYNTAX.test(text) ? ` (${GO_SYNTAX_HINT})` : '';
      throw new TemplateError(source, problem.line + lineOffset, problem.message + hint);
    }
    try {
      Handlebars.precompile(structuredClone(program), compileOptions('html'));
    } catch (err) {
      const e = templateErrorFrom(err, text, source);
      throw new TemplateError(source, e.line === undefined ? undefined : e.line + lineOffset, e.detail);
    }
  }

  private env(flavor: Flavor): Env {
    let env = this.envs.get(flavor);
    if (env) return env;
    env = Handlebars.create();
    for (const [name, fn] of Object.entries(HELPERS)) env.registerHelper(name, fn);
    env.registerHelper('template', templateHelper(env));
    for (const d of this.partials.values()) {
      // Handlebars' compiler rewrites parts of the AST it compiles; each flavor gets its own copy.
      env.registerPartial(d.name, env.compile(structuredClone(d.program), compileOptions(flavor)));
    }
    this.envs.set(flavor, env);
    return env;
  }
}

/**
 * templateHelper is `{{template "name" context}}`: Go's form of including a named template, kept so the defaults
 * Alertmanager configs carry (`{{ template "slack.default.title" . }}`) work unchanged.
 */
function templateHelper(env: Env): (...args: unknown[]) => unknown {
  return function (this: unknown, ...raw: unknown[]): unknown {
    const options = raw.at(-1) as { data?: unknown };
    const args = raw.slice(0, -1);
    const name = str(args[0]);
    const partial = env.partials[name] as unknown;
    if (typeof partial !== 'function') throw new Error(`template: no template ${JSON.stringify(name)}`);
    const context = args.length > 1 ? args[1] : this;
    return new Handlebars.SafeString(
      String((partial as Handlebars.TemplateDelegate)(context, { data: options.data })),
    );
  };
}
