// Alertmanager's generic webhook: POST the group as JSON (version 4) to a configured URL.

import { readFile } from 'node:fs/promises';
import type { Alert } from '../../alert/alert';
import { formatGoDuration } from '../../config/go-values';
import type { WebhookConfig } from '../../config/notifiers-core';
import { encodeGoJson } from '../go-json';
import { checkResponse } from '../http/check-response';
import { NotifierHttpClient } from '../http/http-client';
import type { Notifier } from '../integration';
import { NotifyError, errorMessage } from '../notify-error';
import type { StageContext } from '../stage';
import { literalText, templateDataFor, type TextRenderer } from '../template-data';
import { truncateAlerts, webhookMessage } from './message';
import { renderPayload } from './payload';

/** WEBHOOK_RETRY_CODES are retried besides 5xx: Vigil also retries 429 (Alertmanager's webhook does not). */
export const WEBHOOK_RETRY_CODES: readonly number[] = [429];

/** WebhookNotifierOptions are the process-wide settings a webhook needs. */
export interface WebhookNotifierOptions {
  /** The alertmanager's external URL (`externalURL` in the payload). */
  externalUrl: string;
  /** Renders templated URLs and custom payloads; without it, only template-free text is accepted. */
  renderText?: TextRenderer;
  userAgent?: string;
  /** Statuses retried besides 5xx; default WEBHOOK_RETRY_CODES. */
  retryCodes?: readonly number[];
  /** The HTTP client; default one built from the config's `http_config`. */
  client?: NotifierHttpClient;
}

/**
 * WebhookNotifier posts `{receiver, status, alerts[], notification_reason, groupLabels, commonLabels,
 * commonAnnotations, routeLabels, externalURL, version: "4", groupKey, truncatedAlerts}` (or the rendered custom
 * `payload`) as Alertmanager does. 2xx succeeds; 5xx, 429 and connection errors are retriable; other statuses are
 * not, nor are template or url_file errors.
 */
export class WebhookNotifier implements Notifier {
  private readonly client: NotifierHttpClient;
  private readonly render: TextRenderer;
  private readonly retryCodes: readonly number[];

  constructor(
    private readonly config: Pick<
      WebhookConfig,
      'url' | 'urlFile' | 'maxAlerts' | 'timeout' | 'payload' | 'httpConfig'
    >,
    private readonly opts: WebhookNotifierOptions,
  ) {
    this.client =
      opts.client ??
      new NotifierHttpClient(config.httpConfig, opts.userAgent ? { userAgent: opts.userAgent } : {});
    this.render = opts.renderText ?? literalText;
    this.retryCodes = opts.retryCodes ?? WEBHOOK_RETRY_CODES;
  }

  async notify(ctx: StageContext, alerts: Alert[]): Promise<void> {
    const { kept, truncated } = truncateAlerts(this.config.maxAlerts, alerts);
    const data = templateDataFor(ctx, kept, this.opts.externalUrl);
    const message = webhookMessage(data, ctx.groupKey, truncated);

    let body: string;
    try {
      const json =
        this.config.payload != null
          ? renderPayload(this.config.payload, (s) => this.render(s, data))
          : message;
      // json.Encoder ends the document with a newline.
      body = `${encodeGoJson(json)}\n`;
    } catch (err) {
      throw new NotifyError(`failed to render custom payload: ${errorMessage(err)}`, {
        retriable: false,
        cause: err,
      });
    }

    let rawUrl: string;
    if (this.config.url !== '') {
      rawUrl = this.config.url;
    } else {
      try {
        rawUrl = (await readFile(this.config.urlFile, 'utf8')).trim();
      } catch (err) {
        throw new NotifyError(`read url_file: ${errorMessage(err)}`, { retriable: false, cause: err });
      }
    }
    let url: string;
    try {
      url = this.render(rawUrl, data);
    } catch (err) {
      throw new NotifyError(`failed to template webhook URL: ${errorMessage(err)}`, {
        retriable: false,
        cause: err,
      });
    }
    if (url === '') throw new NotifyError('webhook URL is empty after templating', { retriable: false });

    const timeoutMs = this.config.timeout;
    const res = await this.client.post({
      url,
      body,
      contentType: 'application/json',
      signal: ctx.signal,
      ...(timeoutMs > 0
        ? { timeoutMs, timeoutMessage: `configured webhook timeout reached (${formatGoDuration(timeoutMs)})` }
        : {}),
    });
    checkResponse(res, this.retryCodes);
  }

  /** close drops the client's idle connections. */
  close(): void {
    this.client.close();
  }
}
