// Incident and paging integrations Alertmanager supports (PagerDuty, Opsgenie, VictorOps, Jira, incident.io,
// Pushover, SNS), parsed and validated as Alertmanager does so that their configs load (and bad ones fail) the
// same way. Vigil does not send to them yet.

import { checkTemplateSyntax } from './template-syntax';
import { goDuration, modelDuration, textDuration } from './kinds';
import { httpConfigField, sendResolved, str, tmpl } from './notifiers-core';
import { both, url } from './notifiers-shared';
import { K, decodeStruct, field, marshalStruct, type Kind, type StructSchema } from './schema';

const pagerdutyImage: StructSchema = {
  goType: 'pagerduty.PagerdutyImage',
  fields: [str('src', 'src'), str('alt', 'alt'), str('href', 'href')],
};
const pagerdutyLink: StructSchema = {
  goType: 'pagerduty.PagerdutyLink',
  fields: [str('href', 'href'), str('text', 'text')],
};

const PAGERDUTY_DEFAULT_DETAILS: Record<string, string> = {
  firing: '{{ .Alerts.Firing | toJson }}',
  resolved: '{{ .Alerts.Resolved | toJson }}',
  num_firing: '{{ .Alerts.Firing | len }}',
  num_resolved: '{{ .Alerts.Resolved | len }}',
};

/** `pagerduty_configs`. */
export const pagerdutyConfigSchema: StructSchema = {
  goType: 'pagerduty.plain',
  fields: [
    sendResolved(true),
    httpConfigField,
    str('service_key', 'serviceKey', true),
    str('service_key_file', 'serviceKeyFile'),
    str('routing_key', 'routingKey', true),
    str('routing_key_file', 'routingKeyFile'),
    url('url', 'url'),
    tmpl('client', 'client', 'pagerduty.default.client'),
    tmpl('client_url', 'clientUrl', 'pagerduty.default.clientURL'),
    field('description', 'description', K.string, {
      omitEmpty: true,
      def: () => '{{ template "pagerduty.default.description" .}}',
    }),
    field('details', 'details', K.any, { omitEmpty: true }),
    field('images', 'images', K.list(K.struct(pagerdutyImage)), { omitEmpty: true }),
    field('links', 'links', K.list(K.struct(pagerdutyLink)), { omitEmpty: true }),
    str('source', 'source'),
    str('severity', 'severity'),
    str('class', 'class'),
    str('component', 'component'),
    str('group', 'group'),
    field('timeout', 'timeout', goDuration, { def: () => 0 }),
  ],
  validate: (o, v) => {
    if (o.routingKey === '' && o.serviceKey === '' && o.routingKeyFile === '' && o.serviceKeyFile === '') {
      v.fail('missing service or routing key in PagerDuty config');
    }
    if (both(o, 'routingKey', 'routingKeyFile'))
      v.fail('at most one of routing_key & routing_key_file must be configured');
    if (both(o, 'serviceKey', 'serviceKeyFile'))
      v.fail('at most one of service_key & service_key_file must be configured');
    const details = (o.details ?? {}) as Record<string, unknown>;
    o.details = { ...PAGERDUTY_DEFAULT_DETAILS, ...details };
    if (o.source === '') o.source = o.client;
  },
};

const opsgenieResponder: StructSchema = {
  goType: 'opsgenie.OpsGenieConfigResponder',
  fields: [str('id', 'id'), str('name', 'name'), str('username', 'username'), str('type', 'type')],
};

const OPSGENIE_TYPES_RE = /^(team|teams|user|escalation|schedule)$/;

/** `opsgenie_configs`. */
export const opsgenieConfigSchema: StructSchema = {
  goType: 'opsgenie.plain',
  fields: [
    sendResolved(true),
    httpConfigField,
    str('api_key', 'apiKey', true),
    str('api_key_file', 'apiKeyFile'),
    url('api_url', 'apiUrl'),
    tmpl('message', 'message', 'opsgenie.default.message'),
    tmpl('description', 'description', 'opsgenie.default.description'),
    tmpl('source', 'source', 'opsgenie.default.source'),
    field('details', 'details', K.stringMap, { omitEmpty: true }),
    str('entity', 'entity'),
    field('responders', 'responders', K.list(K.struct(opsgenieResponder)), { omitEmpty: true }),
    str('actions', 'actions'),
    str('tags', 'tags'),
    str('note', 'note'),
    str('priority', 'priority'),
    field('update_alerts', 'updateAlerts', K.bool, { omitEmpty: true }),
  ],
  validate: (o, v) => {
    if (both(o, 'apiKey', 'apiKeyFile')) v.fail('at most one of api_key & api_key_file must be configured');
    for (const r of (o.responders ?? []) as Record<string, string>[]) {
      const shown = `{${r.id} ${r.name} ${r.username} ${r.type}}`;
      if (r.id === '' && r.username === '' && r.name === '') {
        v.fail(
          `opsGenieConfig responder ${shown} has to have at least one of id, username or name specified`,
        );
        continue;
      }
      const type = r.type ?? '';
      if (type.includes('{{')) {
        const problem = checkTemplateSyntax(type);
        if (problem)
          v.fail(`opsGenieConfig responder ${shown} type contains invalid template syntax: ${problem}`);
        continue;
      }
      r.type = type.toLowerCase();
      if (!OPSGENIE_TYPES_RE.test(r.type)) {
        v.fail(
          `opsGenieConfig responder ${shown} type does not match valid options ${OPSGENIE_TYPES_RE.source}`,
        );
      }
    }
  },
};

/** `pushover_configs`. */
export const pushoverConfigSchema: StructSchema = {
  goType: 'pushover.plain',
  fields: [
    sendResolved(true),
    httpConfigField,
    str('user_key', 'userKey', true),
    str('user_key_file', 'userKeyFile'),
    str('token', 'token', true),
    str('token_file', 'tokenFile'),
    tmpl('title', 'title', 'pushover.default.title'),
    tmpl('message', 'message', 'pushover.default.message'),
    tmpl('url', 'url', 'pushover.default.url'),
    str('url_title', 'urlTitle'),
    str('device', 'device'),
    str('sound', 'sound'),
    field('priority', 'priority', K.string, {
      omitEmpty: true,
      def: () => '{{ if eq .Status "firing" }}2{{ else }}0{{ end }}',
    }),
    field('retry', 'retry', textDuration, { omitEmpty: true, def: () => 60_000 }),
    field('expire', 'expire', textDuration, { omitEmpty: true, def: () => 3_600_000 }),
    field('ttl', 'ttl', textDuration, { omitEmpty: true, def: () => 0 }),
    field('html', 'html', K.bool, { omitEmpty: true }),
    field('monospace', 'monospace', K.bool, { omitEmpty: true }),
  ],
  validate: (o, v) => {
    if (o.userKey === '' && o.userKeyFile === '')
      v.fail('one of user_key or user_key_file must be configured');
    if (both(o, 'userKey', 'userKeyFile'))
      v.fail('at most one of user_key & user_key_file must be configured');
    if (o.token === '' && o.tokenFile === '') v.fail('one of token or token_file must be configured');
    if (both(o, 'token', 'tokenFile')) v.fail('at most one of token & token_file must be configured');
    if (o.html && o.monospace) v.fail('at most one of monospace & html must be configured');
  },
};

const VICTOROPS_RESERVED = [
  'routing_key',
  'message_type',
  'state_message',
  'entity_display_name',
  'monitoring_tool',
  'entity_id',
  'entity_state',
];

/** `victorops_configs`. */
export const victoropsConfigSchema: StructSchema = {
  goType: 'config.plain',
  fields: [
    sendResolved(true),
    httpConfigField,
    str('api_key', 'apiKey', true),
    str('api_key_file', 'apiKeyFile'),
    url('api_url', 'apiUrl', false),
    field('routing_key', 'routingKey', K.string),
    field('message_type', 'messageType', K.string, { def: () => 'CRITICAL' }),
    field('state_message', 'stateMessage', K.string, {
      def: () => '{{ template "victorops.default.state_message" . }}',
    }),
    field('entity_display_name', 'entityDisplayName', K.string, {
      def: () => '{{ template "victorops.default.entity_display_name" . }}',
    }),
    field('monitoring_tool', 'monitoringTool', K.string, {
      def: () => '{{ template "victorops.default.monitoring_tool" . }}',
    }),
    field('custom_fields', 'customFields', K.stringMap, { omitEmpty: true }),
  ],
  validate: (o, v) => {
    if (o.routingKey === '') v.fail('missing Routing key in VictorOps config');
    if (both(o, 'apiKey', 'apiKeyFile')) v.fail('at most one of api_key & api_key_file must be configured');
    const custom = (o.customFields ?? {}) as Record<string, string>;
    for (const name of VICTOROPS_RESERVED) {
      if (name in custom) {
        v.fail(
          `victorOps config contains custom field ${name} which cannot be used as it conflicts with the fixed/static fields`,
        );
      }
    }
  },
};

const sigv4Schema: StructSchema = {
  goType: 'sigv4.plain',
  fields: [
    str('region', 'region'),
    str('access_key', 'accessKey'),
    str('secret_key', 'secretKey', true),
    str('profile', 'profile'),
    str('role_arn', 'roleArn'),
    str('external_id', 'externalId'),
    str('service', 'service'),
    field('use_fips_sts_endpoint', 'useFipsStsEndpoint', K.bool, { omitEmpty: true }),
  ],
  validate: (o, v) => {
    if ((o.accessKey === '') !== (o.secretKey === '')) {
      v.fail(
        'must provide a AWS SigV4 Access key and Secret Key if credentials are specified in the SigV4 config',
      );
    }
  },
};

/** `sns_configs`. */
export const snsConfigSchema: StructSchema = {
  goType: 'sns.plain',
  fields: [
    sendResolved(true),
    httpConfigField,
    str('api_url', 'apiUrl'),
    field('sigv4', 'sigv4', K.struct(sigv4Schema)),
    str('topic_arn', 'topicArn'),
    str('phone_number', 'phoneNumber'),
    str('target_arn', 'targetArn'),
    tmpl('subject', 'subject', 'sns.default.subject'),
    tmpl('message', 'message', 'sns.default.message'),
    field('attributes', 'attributes', K.stringMap, { omitEmpty: true }),
    field('use_aws_http_client', 'useAwsHttpClient', K.bool, { omitEmpty: true }),
  ],
  validate: (o, v) => {
    // Go's `(a == "") != (b == "") != (c == "")` is true when an odd number of the three are empty.
    const empties = [o.targetArn, o.topicArn, o.phoneNumber].filter((x) => x === '').length;
    if (empties % 2 === 1)
      v.fail('must provide either a Target ARN, Topic ARN, or Phone Number for SNS config');
  },
};

const jiraFieldStruct: StructSchema = {
  goType: 'jira.plain',
  fields: [
    str('template', 'template'),
    field('enable_update', 'enableUpdate', K.bool, { omitEmpty: true, pointer: true }),
  ],
};

// A Jira field is either a template string or {template, enable_update}.
const jiraField: Kind = {
  t: 'custom',
  decode: (node, ctx, path) =>
    node.kind === 'scalar' ? { template: node.text } : decodeStruct(jiraFieldStruct, node, ctx, path),
  marshal: (v) => marshalStruct(jiraFieldStruct, v as Record<string, unknown>),
};

/** `jira_configs`. */
export const jiraConfigSchema: StructSchema = {
  goType: 'jira.plain',
  fields: [
    sendResolved(true),
    httpConfigField,
    url('api_url', 'apiUrl'),
    field('api_type', 'apiType', K.string, { omitEmpty: true, def: () => 'auto' }),
    str('project', 'project'),
    field('summary', 'summary', jiraField, {
      def: () => ({ template: '{{ template "jira.default.summary" . }}' }),
    }),
    field('description', 'description', jiraField, {
      def: () => ({ template: '{{ template "jira.default.description" . }}' }),
    }),
    field('labels', 'labels', K.strings, { omitEmpty: true }),
    tmpl('priority', 'priority', 'jira.default.priority'),
    str('issue_type', 'issueType'),
    str('reopen_transition', 'reopenTransition'),
    str('resolve_transition', 'resolveTransition'),
    str('wont_fix_resolution', 'wontFixResolution'),
    field('reopen_duration', 'reopenDuration', modelDuration, { omitEmpty: true, def: () => 0 }),
    field('fields', 'fields', K.any, { omitEmpty: true }),
  ],
  validate: (o, v) => {
    if (o.project === '') v.fail('missing project in jira_config');
    if (o.issueType === '') v.fail('missing issue_type in jira_config');
    if (!['auto', 'cloud', 'datacenter'].includes(o.apiType as string)) {
      v.fail('unknown api_type on jira_config, must be auto, cloud or datacenter');
    }
  },
};

/** `incidentio_configs`. */
export const incidentioConfigSchema: StructSchema = {
  goType: 'incidentio.plain',
  fields: [
    sendResolved(true),
    httpConfigField,
    url('url', 'url', false),
    field('url_file', 'urlFile', K.string),
    str('alert_source_token', 'alertSourceToken', true),
    str('alert_source_token_file', 'alertSourceTokenFile'),
    field('max_alerts', 'maxAlerts', K.uint),
    field('timeout', 'timeout', goDuration, { def: () => 0 }),
  ],
  validate: (o, v) => {
    if (o.url === undefined && o.urlFile === '') v.fail('one of url or url_file must be configured');
    if (o.url !== undefined && o.urlFile !== '') v.fail('at most one of url & url_file must be configured');
    if (both(o, 'alertSourceToken', 'alertSourceTokenFile')) {
      v.fail('at most one of alert_source_token & alert_source_token_file must be configured');
    }
    const http = o.httpConfig as { authorization?: unknown } | undefined;
    const hasToken = o.alertSourceToken !== '' || o.alertSourceTokenFile !== '';
    if (http?.authorization && hasToken) {
      v.fail(
        'cannot specify alert_source_token or alert_source_token_file when using http_config.authorization',
      );
    }
    if (http && !http.authorization && !hasToken) {
      v.fail(
        'at least one of alert_source_token, alert_source_token_file or http_config.authorization must be configured',
      );
    }
  },
};
