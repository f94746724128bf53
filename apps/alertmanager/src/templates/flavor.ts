// How a template's `{{ }}` output is escaped, by where the text goes.

/**
 * Flavor picks the escaping of `{{value}}` (triple-stash `{{{value}}}` never escapes):
 * - `html`: HTML escaping (`& < > " ' \` =`), for email bodies;
 * - `slack`: only `&`, `<` and `>`, as Slack's message formatting requires, so a label cannot inject a link or
 *   mention, while quotes stay readable;
 * - `text`: none, for subjects, headers, addresses, URLs and plain-text bodies.
 */
export type Flavor = 'html' | 'slack' | 'text';

/** FLAVORS lists every flavor. */
export const FLAVORS: readonly Flavor[] = ['html', 'slack', 'text'];

// Handlebars escapes these besides & < >; Slack shows entities other than &amp; &lt; &gt; literally.
const NON_SLACK_ENTITIES = /&(?:quot|#x27|#x60|#x3D);/g;
const ENTITY_CHARS: Record<string, string> = { '&quot;': '"', '&#x27;': "'", '&#x60;': '`', '&#x3D;': '=' };

/**
 * finishSlack turns Handlebars' HTML-escaped output into Slack-escaped output. Every `&` a value contributed is
 * already `&amp;`, so the entities undone here can only come from escaping (or from template text that wrote them).
 */
export function finishSlack(rendered: string): string {
  return rendered.replace(NON_SLACK_ENTITIES, (e) => ENTITY_CHARS[e] ?? e);
}

/** escapeSlack escapes text for Slack's message formatting (`&`, `<`, `>`). */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
