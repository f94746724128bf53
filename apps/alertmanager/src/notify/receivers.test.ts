import { describe, expect, it } from 'vitest';
import type { WebhookConfig } from '../config/notifiers-core';
import type { ReceiverConfig } from '../config/receiver-config';
import { buildReceiverIntegrations, UnsupportedIntegrationError, webhookFactory } from './receivers';
import { WebhookNotifier } from './webhook/webhook-notifier';

const hook = (url: string, sendResolved = true): WebhookConfig => ({
  sendResolved,
  url,
  urlFile: '',
  maxAlerts: 0,
  timeout: 0,
});

describe('buildReceiverIntegrations', () => {
  it('makes one integration per config, indexed per kind, with its send_resolved', () => {
    const receivers: ReceiverConfig[] = [
      { name: 'ops', labels: { name: 'ops' }, webhookConfigs: [hook('http://a'), hook('http://b', false)] },
      { name: 'blackhole', labels: { name: 'blackhole' } },
    ];
    const built = buildReceiverIntegrations(receivers, { webhook: webhookFactory({ externalUrl: '' }) });
    expect([...built.keys()]).toEqual(['ops', 'blackhole']);
    expect(
      built
        .get('ops')
        ?.map((i) => [
          i.name,
          i.index,
          i.receiverName,
          i.sendResolved,
          i.notifier instanceof WebhookNotifier,
        ]),
    ).toEqual([
      ['webhook', 0, 'ops', true, true],
      ['webhook', 1, 'ops', false, true],
    ]);
    expect(built.get('blackhole')).toEqual([]);
  });

  it.each([
    [
      'an integration Vigil does not implement',
      { pagerdutyConfigs: [{ sendResolved: true }] },
      'pagerduty_configs',
    ],
    [
      'one whose factory was not given',
      { slackConfigs: [{ sendResolved: false } as never] },
      'slack_configs',
    ],
  ])('refuses %s', (_name, configs, key) => {
    const receivers: ReceiverConfig[] = [{ name: 'ops', labels: { name: 'ops' }, ...configs }];
    expect(() =>
      buildReceiverIntegrations(receivers, { webhook: webhookFactory({ externalUrl: '' }) }),
    ).toThrow(new UnsupportedIntegrationError('ops', key));
  });
});
