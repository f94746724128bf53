import type { FastifyPluginAsync } from 'fastify';
import { sendApiError, success } from './envelope';
import { formatGoFloatE, formatGoTime } from './go-format';
import type { AlertView, GroupView, RuleView, RulesRetriever } from './views';

/** RulesApiOptions gives the rules API the rule manager to read. */
export interface RulesApiOptions {
  retriever: RulesRetriever;
}

/** toApiAlert shapes an alert as Prometheus's /api/v1/alerts and /api/v1/rules show it. */
function toApiAlert(a: AlertView): Record<string, unknown> {
  return {
    labels: a.labels,
    annotations: a.annotations,
    state: a.state,
    activeAt: formatGoTime(a.activeAtMs),
    ...(a.keepFiringSinceMs !== undefined ? { keepFiringSince: formatGoTime(a.keepFiringSinceMs) } : {}),
    value: formatGoFloatE(a.value),
  };
}

const STATE_RANK = { inactive: 0, pending: 1, firing: 2 } as const;

/** ruleState is an alerting rule's state: that of its most advanced active alert. */
function ruleState(alerts: AlertView[]): AlertView['state'] {
  let state: AlertView['state'] = 'inactive';
  for (const a of alerts) if (STATE_RANK[a.state] > STATE_RANK[state]) state = a.state;
  return state;
}

function toApiRule(rule: RuleView, excludeAlerts: boolean): Record<string, unknown> {
  const common = {
    name: rule.name,
    query: rule.query,
  };
  const tail = {
    health: rule.health,
    ...(rule.lastError ? { lastError: rule.lastError } : {}),
    evaluationTime: rule.evaluationTimeMs / 1000,
    lastEvaluation: formatGoTime(rule.lastEvaluationMs),
    type: rule.type,
  };
  if (rule.type === 'recording') return { ...common, labels: rule.labels, ...tail };
  return {
    state: ruleState(rule.alerts),
    ...common,
    duration: rule.durationMs / 1000,
    keepFiringFor: rule.keepFiringForMs / 1000,
    labels: rule.labels,
    annotations: rule.annotations,
    alerts: excludeAlerts ? null : rule.alerts.map(toApiAlert),
    ...tail,
  };
}

/** asList reads a repeated query parameter (`rule_name[]=a&rule_name[]=b`) as a set. */
function asSet(value: unknown): Set<string> {
  if (value === undefined) return new Set();
  return new Set((Array.isArray(value) ? value : [value]).map(String));
}

function groupToken(g: GroupView): string {
  return Buffer.from(`${g.file};${g.name}`).toString('hex');
}

/** rulesApi serves Prometheus's `GET /api/v1/rules` and `GET /api/v1/alerts`, so Grafana and tools read them. */
export const rulesApi: FastifyPluginAsync<RulesApiOptions> = async (app, { retriever }) => {
  app.get('/api/v1/alerts', async () => {
    const alerts = retriever
      .ruleGroups()
      .flatMap((g) => g.rules)
      .flatMap((r) => (r.type === 'alerting' ? r.alerts.map(toApiAlert) : []));
    return success({ alerts });
  });

  app.get('/api/v1/rules', async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const typ = String(q['type'] ?? '').toLowerCase();
    if (typ !== '' && typ !== 'alert' && typ !== 'record') {
      return sendApiError(reply, 'bad_data', `invalid parameter "type": not supported value "${typ}"`);
    }
    const excludeParam = String(q['exclude_alerts'] ?? '').toLowerCase();
    if (!['', 'true', 'false', '1', '0', 't', 'f'].includes(excludeParam)) {
      return sendApiError(
        reply,
        'bad_data',
        `invalid parameter "exclude_alerts": error converting exclude_alerts: strconv.ParseBool: parsing "${excludeParam}": invalid syntax`,
      );
    }
    const excludeAlerts = ['true', '1', 't'].includes(excludeParam);
    const names = asSet(q['rule_name[]']);
    const groupNames = asSet(q['rule_group[]']);
    const files = asSet(q['file[]']);
    const limitParam = q['group_limit'];
    const nextToken = q['group_next_token'] === undefined ? '' : String(q['group_next_token']);
    if (nextToken !== '' && limitParam === undefined) {
      return sendApiError(
        reply,
        'bad_data',
        'invalid parameter "group_next_token": group_limit needs to be present in order to paginate over the groups',
      );
    }
    const maxGroups = limitParam === undefined ? -1 : Number(limitParam);
    if (!Number.isInteger(maxGroups)) {
      return sendApiError(
        reply,
        'bad_data',
        'invalid parameter "group_limit": group_limit needs to be a valid number',
      );
    }

    const out: Record<string, unknown>[] = [];
    let groupNextToken: string | undefined;
    let foundToken = false;
    for (const g of retriever.ruleGroups()) {
      if (maxGroups > 0 && nextToken !== '' && !foundToken) {
        if (groupToken(g) !== nextToken) continue;
        foundToken = true;
      }
      if (groupNames.size > 0 && !groupNames.has(g.name)) continue;
      if (files.size > 0 && !files.has(g.file)) continue;
      const rules = g.rules
        .filter((r) => names.size === 0 || names.has(r.name))
        .filter((r) => typ === '' || (typ === 'alert') === (r.type === 'alerting'))
        .map((r) => toApiRule(r, excludeAlerts));
      if (rules.length === 0) continue;
      if (maxGroups > 0 && out.length === maxGroups) {
        groupNextToken = groupToken(g);
        break;
      }
      out.push({
        name: g.name,
        file: g.file,
        rules,
        interval: g.intervalMs / 1000,
        limit: g.limit,
        evaluationTime: g.evaluationTimeMs / 1000,
        lastEvaluation: formatGoTime(g.lastEvaluationMs),
      });
    }
    if (maxGroups > 0 && nextToken !== '' && !foundToken) {
      return sendApiError(
        reply,
        'bad_data',
        `invalid parameter "group_next_token": invalid group_next_token '${nextToken}'. were rule groups changed?`,
      );
    }
    return success({ groups: out, ...(groupNextToken ? { groupNextToken } : {}) });
  });
};
