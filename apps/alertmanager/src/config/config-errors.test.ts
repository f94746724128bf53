import { describe, expect, it } from 'vitest';
import { ConfigError, parseAlertmanagerConfig } from './config';

function issues(yaml: string, options = {}): { line: number; message: string; path: string }[] {
  try {
    parseAlertmanagerConfig(yaml, 'test.yml', options);
  } catch (err) {
    if (err instanceof ConfigError)
      return err.issues.map(({ line, message, path }) => ({ line, message, path }));
    throw err;
  }
  return [];
}

const minimal = (extra = ''): string => `route:\n  receiver: r\nreceivers:\n- name: r\n${extra}`;

// [what, config text, expected message, expected line]
const invalid: [string, string, string, number][] = [
  ['an empty file', '', 'no route provided in config', 1],
  ['a scalar document', 'BAD', 'cannot unmarshal !!str `BAD` into config.plain', 1],
  ['no route', 'receivers:\n- name: r\n', 'no routes provided', 1],
  // Issues about a whole mapping point at its first key.
  [
    'a root route without receiver',
    'route:\n  group_wait: 30s\n',
    'root route must specify a default receiver',
    2,
  ],
  [
    'duplicate receivers',
    "route:\n  receiver: x\nreceivers:\n- name: 'x'\n- name: 'x'\n",
    'notification config name "x" is not unique',
    5,
  ],
  [
    'an undefined receiver',
    'route:\n  receiver: x\nreceivers:\n- name: y\n',
    'undefined receiver "x" used in route',
    2,
  ],
  [
    'an undefined receiver deep in the tree',
    'route:\n  receiver: r\n  routes:\n  - match: {a: b}\n    routes:\n    - match: {a: b}\n      receiver: nope\nreceivers:\n- name: r\n',
    'undefined receiver "nope" used in route',
    7,
  ],
  [
    'a receiver without name',
    "route:\n  receiver: r\nreceivers:\n- name: ''\n",
    'missing name in receiver',
    4,
  ],
  [
    'a receiver label name that disagrees',
    'route:\n  receiver: r\nreceivers:\n- name: r\n  labels:\n    name: other\n',
    'receiver label "name" must match receiver name "r", got "other"',
    5,
  ],
  [
    'an undefined mute time interval',
    minimal().replace(
      '  receiver: r\n',
      '  receiver: r\n  routes:\n  - matchers: [a=b]\n    mute_time_intervals: [night]\n',
    ),
    'undefined time interval "night" used in route',
    4,
  ],
  [
    'an undefined active time interval',
    minimal().replace(
      '  receiver: r\n',
      '  receiver: r\n  routes:\n  - matchers: [a=b]\n    active_time_intervals: [day]\n',
    ),
    'undefined time interval "day" used in route',
    4,
  ],
  [
    'a time interval without name',
    minimal(
      "time_intervals:\n- name:\n  time_intervals:\n  - times: [{start_time: '09:00', end_time: '17:00'}]\n",
    ),
    'missing name in time interval',
    6,
  ],
  [
    'duplicate mute time intervals',
    minimal('mute_time_intervals:\n- name: dup\n- name: dup\n'),
    'mute time interval "dup" is not unique',
    7,
  ],
  [
    'a name used by both interval sections',
    minimal('mute_time_intervals:\n- name: dup\ntime_intervals:\n- name: dup\n'),
    'time interval "dup" is not unique',
    8,
  ],
  [
    'duplicate group_by labels',
    'route:\n  receiver: r\n  group_by: [a, b, a]\nreceivers:\n- name: r\n',
    'duplicated label "a" in group_by',
    3,
  ],
  [
    '`...` with other group_by labels',
    'route:\n  receiver: r\n  group_by: [a, "..."]\nreceivers:\n- name: r\n',
    'cannot have wildcard group_by (`...`) and other labels at the same time',
    3,
  ],
  [
    'an empty group_by label',
    'route:\n  receiver: r\n  group_by: [""]\nreceivers:\n- name: r\n',
    'invalid label name "" in group_by list',
    3,
  ],
  [
    'time intervals on the root route',
    minimal('time_intervals:\n- name: t\n').replace(
      '  receiver: r\n',
      '  receiver: r\n  mute_time_intervals: [t]\n',
    ),
    'root route must not have any mute time intervals',
    3,
  ],
  [
    'active intervals on the root route',
    minimal('time_intervals:\n- name: t\n').replace(
      '  receiver: r\n',
      '  receiver: r\n  active_time_intervals: [t]\n',
    ),
    'root route must not have any active time intervals',
    3,
  ],
  [
    'legacy matchers on the root route',
    'route:\n  receiver: r\n  match: {a: b}\nreceivers:\n- name: r\n',
    'root route must not have any matchers',
    2,
  ],
  [
    'matchers on the root route',
    'route:\n  receiver: r\n  matchers: [a=b]\nreceivers:\n- name: r\n',
    'root route must not have any matchers',
    2,
  ],
  [
    'continue on the root route',
    'route:\n  receiver: r\n  continue: true\nreceivers:\n- name: r\n',
    'cannot have continue in root route',
    3,
  ],
  [
    'a zero group_interval',
    'route:\n  receiver: r\n  group_interval: 0s\nreceivers:\n- name: r\n',
    'group_interval cannot be zero',
    3,
  ],
  [
    'a zero repeat_interval',
    'route:\n  receiver: r\n  repeat_interval: 0s\nreceivers:\n- name: r\n',
    'repeat_interval cannot be zero',
    3,
  ],
  [
    'a bad duration',
    'route:\n  receiver: r\n  group_wait: 5x\nreceivers:\n- name: r\n',
    'not a valid duration string: "5x"',
    3,
  ],
  ['an unknown top-level field', minimal('bogus: 1\n'), 'field bogus not found in type config.plain', 5],
  [
    'an unknown route field',
    'route:\n  receiver: r\n  routes:\n  - matchers: [a=b]\n    recevier: r\nreceivers:\n- name: r\n',
    'field recevier not found in type config.plain',
    5,
  ],
  ['a list where a map belongs', 'route: [a]\n', 'cannot unmarshal !!seq into config.plain', 1],
  [
    'a string for a bool',
    'route:\n  receiver: r\n  continue: "yes"\nreceivers:\n- name: r\n',
    'cannot unmarshal !!str `yes` into bool',
    3,
  ],
  [
    'a matcher with a bad regex',
    'route:\n  receiver: r\n  routes:\n  - matchers: [\'a=~"[x"\']\nreceivers:\n- name: r\n',
    'error parsing regexp: missing closing ]: `[x)$`',
    4,
  ],
  [
    'an unparseable matcher',
    'route:\n  receiver: r\n  routes:\n  - matchers: ["a!b"]\nreceivers:\n- name: r\n',
    'bad matcher format: a!b',
    4,
  ],
  [
    'a legacy match label that is not a legacy name',
    'route:\n  receiver: r\n  routes:\n  - match: {a-b: c}\nreceivers:\n- name: r\n',
    'invalid label name "a-b"',
    4,
  ],
  [
    'a null match_re value',
    'route:\n  receiver: r\n  routes:\n  - match_re:\n      x:\nreceivers:\n- name: r\n',
    'invalid regexp value for "x"',
    5,
  ],
  [
    'an inhibit rule with a bad equal label',
    minimal("inhibit_rules:\n- source_matchers: [a=b]\n  equal: ['']\n"),
    'invalid label name "" in equal list',
    7,
  ],
  [
    'a webhook without url',
    'route:\n  receiver: r\nreceivers:\n- name: r\n  webhook_configs:\n  - send_resolved: false\n',
    'one of url or url_file must be configured',
    6,
  ],
  [
    'a webhook with url and url_file',
    "route:\n  receiver: r\nreceivers:\n- name: r\n  webhook_configs:\n  - {url: 'http://a/', url_file: /f}\n",
    'at most one of url & url_file must be configured',
    6,
  ],
  [
    'a webhook url with a bad scheme',
    "route:\n  receiver: r\nreceivers:\n- name: r\n  webhook_configs:\n  - url: 'ftp://example.com/hook'\n",
    'invalid URL: unsupported scheme "ftp" for URL',
    6,
  ],
  [
    'a webhook url with a broken template',
    "route:\n  receiver: r\nreceivers:\n- name: r\n  webhook_configs:\n  - url: 'http://x/{{ .Broken'\n",
    'invalid template syntax',
    6,
  ],
  [
    'an email config without to',
    "global: {smtp_smarthost: 'a:25', smtp_from: a@b}\nroute:\n  receiver: r\nreceivers:\n- name: r\n  email_configs:\n  - from: x@y\n",
    'missing to address in email config',
    7,
  ],
  [
    'an email config without smarthost',
    'route:\n  receiver: r\nreceivers:\n- name: r\n  email_configs:\n  - to: a@b\n',
    'no global SMTP smarthost set',
    6,
  ],
  [
    'an email config without from',
    "global: {smtp_smarthost: 'a:25'}\nroute:\n  receiver: r\nreceivers:\n- name: r\n  email_configs:\n  - to: a@b\n",
    'no global SMTP from set',
    7,
  ],
  [
    'a smarthost without port',
    "global: {smtp_smarthost: 'localhost'}\nroute:\n  receiver: r\nreceivers:\n- name: r\n",
    'address localhost: missing port in address',
    1,
  ],
  [
    'a Slack action without url or name',
    "global: {slack_api_url: 'http://s/'}\nroute:\n  receiver: r\nreceivers:\n- name: r\n  slack_configs:\n  - actions: [{type: button, text: t}]\n",
    'missing name or url in Slack action configuration',
    7,
  ],
  [
    'a Slack field without value',
    "global: {slack_api_url: 'http://s/'}\nroute:\n  receiver: r\nreceivers:\n- name: r\n  slack_configs:\n  - fields: [{title: t}]\n",
    'missing value in Slack field configuration',
    7,
  ],
  [
    'Slack http authorization with an app token',
    'route:\n  receiver: r\nreceivers:\n- name: r\n  slack_configs:\n  - app_token: xoxb\n    http_config: {authorization: {credentials: c}}\n',
    "http authorization can't be set when using Slack App tokens",
    6,
  ],
  [
    'http_config with basic_auth and authorization',
    "route:\n  receiver: r\nreceivers:\n- name: r\n  webhook_configs:\n  - url: 'http://a/'\n    http_config:\n      basic_auth: {username: u}\n      authorization: {credentials: c}\n",
    'at most one of basic_auth, oauth2 & authorization must be configured',
    8,
  ],
  [
    'a reserved http header',
    "route:\n  receiver: r\nreceivers:\n- name: r\n  webhook_configs:\n  - url: 'http://a/'\n    http_config:\n      http_headers:\n        user-agent: {values: [x]}\n",
    'setting header "User-Agent" is not allowed',
    8,
  ],
  [
    'a time range ending before it starts',
    minimal(
      "time_intervals:\n- name: t\n  time_intervals:\n  - times: [{start_time: '17:00', end_time: '09:00'}]\n",
    ),
    'start time cannot be equal or greater than end time',
    8,
  ],
  [
    'an unknown weekday',
    minimal("time_intervals:\n- name: t\n  time_intervals:\n  - weekdays: ['funday']\n"),
    'funday is not a valid weekday',
    8,
  ],
  [
    'a day-of-month range that is always empty',
    minimal("time_intervals:\n- name: t\n  time_intervals:\n  - days_of_month: ['-1:5']\n"),
    'end day must be negative if start day is negative',
    8,
  ],
  [
    'a YAML syntax error',
    'route:\n  receiver: r\n   bad: indentation\n',
    'Nested mappings are not allowed in compact mappings',
    2,
  ],
  ['a duplicate key', 'route:\n  receiver: r\n  receiver: s\n', 'Map keys must be unique', 3],
];

describe('parseAlertmanagerConfig rejects', () => {
  it.each(invalid)('%s', (_what, yaml, message, line) => {
    const found = issues(yaml);
    expect(found.map((i) => i.message).join('\n')).toContain(message);
    expect(found.find((i) => i.message.includes(message))?.line).toBe(line);
  });
});

// An integration entry written as `-` with nothing after it (Alertmanager's TestEmptyConfigOfIntegration).
describe('an empty integration entry', () => {
  it.each([
    ['discord_configs', 'missing discord config'],
    ['email_configs', 'missing email config'],
    ['incidentio_configs', 'missing incidentio config'],
    ['pagerduty_configs', 'missing pagerduty config'],
    ['webhook_configs', 'missing webhook config'],
    ['pushover_configs', 'missing pushover config'],
    ['victorops_configs', 'missing victorops config'],
    ['sns_configs', 'missing sns config'],
    ['telegram_configs', 'missing telegram config'],
    ['webex_configs', 'missing webex config'],
    ['msteams_configs', 'missing msteams config'],
    ['msteamsv2_configs', 'missing msteamsv2 config'],
    ['jira_configs', 'missing jira config'],
    ['mattermost_configs', 'missing mattermost config'],
    ['slack_configs', 'no Slack API URL nor App token set either inline or in a file'],
    ['opsgenie_configs', 'no global OpsGenie API Key set either inline or in a file'],
    ['wechat_configs', 'no global Wechat Api Secret set either inline or in a file'],
    ['rocketchat_configs', 'no global Rocketchat TokenID set either inline or in a file'],
  ])('%s is rejected: %s', (key, message) => {
    const yaml = `global:\nroute:\n  receiver: 'test-receiver'\nreceivers:\n- name: 'test-receiver'\n  ${key}:\n  -\n`;
    expect(issues(yaml).map((i) => i.message)).toContain(message);
  });
});
