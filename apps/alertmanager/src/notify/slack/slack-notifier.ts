// Alertmanager's Slack integration: an incoming webhook (`api_url`/`api_url_file`) gets the message as JSON; a bot
// token (`app_token`/`app_token_file`) posts it through @slack/web-api's chat.postMessage (or chat.update when
// `update_message` is on and the group already has a message).

import { readFile } from 'node:fs/promises';
import {
  LogLevel,
  WebClient,
  type ChatPostMessageArguments,
  type ChatUpdateArguments,
  type Logger,
} from '@slack/web-api';
import type { Alert } from '../../alert/alert';
import { formatGoDuration } from '../../config/go-values';
import type { SlackConfig } from '../../config/notifiers-core';
import { notificationDataFor, type TemplateSet } from '../../templates';
import { encodeGoJson } from '../go-json';
import type { Notifier } from '../integration';
import { NotifyError, errorMessage } from '../notify-error';
import type { StageContext } from '../stage';
import { SlackTemplates, messageStruct, webApiArguments, type SlackMessage } from './message';
import { checkWebhookResponse, webApiError, type HttpAnswer, type SlackApiResult } from './slack-errors';
import { SlackHttp, SlackTimeoutError } from './slack-http';

/** DEFAULT_SLACK_APP_URL is the Web API method Slack app tokens post to. */
export const DEFAULT_SLACK_APP_URL = 'https://slack.com/api/chat.postMessage';

/** SlackNotifierOptions are the process-wide settings and the templates a Slack integration renders with. */
export interface SlackNotifierOptions {
  externalUrl: string;
  templates: TemplateSet;
  userAgent?: string;
  /** Names the integration in template errors, e.g. `receiver "team" slack_configs[0]`. */
  where?: string;
}

const SILENT: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

async function readTrimmed(file: string, what: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    throw new NotifyError(`read ${what}: ${errorMessage(err)}`, { retriable: false, cause: err });
  }
}

/**
 * SlackNotifier sends one message per notification. Templates are compiled at construction (a bad one throws
 * TemplateError then). Failures are classified for the retry stage: 429 is retriable after Retry-After
 * (SlackRateLimitError), 5xx and network errors are retriable, other 4xx and Slack's `ok: false` errors
 * (`channel_not_found`, `invalid_auth`, ...) are not. The notifier never retries itself.
 */
export class SlackNotifier implements Notifier {
  private readonly templates: SlackTemplates;
  private readonly http: SlackHttp;
  private readonly useWebApi: boolean;

  constructor(
    private readonly config: SlackConfig,
    private readonly opts: SlackNotifierOptions,
  ) {
    this.templates = new SlackTemplates(config, opts.templates, opts.where ?? 'slack_configs[0]');
    this.useWebApi = config.appToken !== '' || config.appTokenFile !== '';
    this.http = new SlackHttp({
      ...(config.httpConfig ? { httpConfig: config.httpConfig } : {}),
      ...(opts.userAgent ? { userAgent: opts.userAgent } : {}),
      skipAuthorization: this.useWebApi,
    });
  }

  async notify(ctx: StageContext, alerts: Alert[]): Promise<void> {
    let message: SlackMessage;
    try {
      message = this.templates.render(notificationDataFor(ctx, alerts, this.opts.externalUrl));
    } catch (err) {
      throw new NotifyError(`failed to render Slack message: ${errorMessage(err)}`, {
        retriable: false,
        cause: err,
      });
    }
    const stored = this.storedMessage(ctx);
    if (stored) {
      message.channel = stored.channel;
      message.ts = stored.ts;
    }
    const result = this.useWebApi
      ? await this.postWebApi(ctx, message)
      : await this.postWebhook(ctx, message);
    // Remember the message so the next notification of this group can update it.
    if (this.config.updateMessage && ctx.notification && result?.ts && result.channel) {
      ctx.notification.receiverData.threadTs = result.ts;
      ctx.notification.receiverData.channelId = result.channel;
    }
  }

  /** close drops idle connections. */
  close(): void {
    this.http.close();
  }

  private storedMessage(ctx: StageContext): { ts: string; channel: string } | undefined {
    if (!this.config.updateMessage) return undefined;
    const data = ctx.notification?.receiverData ?? {};
    const ts = data.threadTs;
    const channel = data.channelId;
    return typeof ts === 'string' && ts !== '' && typeof channel === 'string' && channel !== ''
      ? { ts, channel }
      : undefined;
  }

  private fetch(ctx: StageContext) {
    const t = this.config.timeout;
    return this.http.fetchFor(ctx.signal, t, `configured slack timeout reached (${formatGoDuration(t)})`);
  }

  private async postWebhook(ctx: StageContext, message: SlackMessage): Promise<SlackApiResult | undefined> {
    let url =
      this.config.apiUrl !== undefined && this.config.apiUrl !== ''
        ? this.config.apiUrl
        : await readTrimmed(this.config.apiUrlFile, 'api_url_file');
    // Only the Web API (an api_url pointing at chat.postMessage, with a token in http_config) can update.
    if (message.ts && /\/chat\.postMessage$/.test(url))
      url = url.replace(/chat\.postMessage$/, 'chat.update');
    else delete message.ts;
    let res: HttpAnswer;
    try {
      res = await this.fetch(ctx)(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `${encodeGoJson(messageStruct(message))}\n`,
      });
    } catch (err) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      const detail =
        err instanceof SlackTimeoutError ? `context deadline exceeded: ${err.message}` : errorMessage(err);
      // The URL is the webhook's secret: never in messages.
      throw new NotifyError(`channel ${JSON.stringify(message.channel)}: Post "<redacted>": ${detail}`, {
        retriable: true,
        cause: err,
      });
    }
    return checkWebhookResponse(res, message.channel);
  }

  private async postWebApi(ctx: StageContext, message: SlackMessage): Promise<SlackApiResult> {
    const token =
      this.config.appToken !== ''
        ? this.config.appToken
        : await readTrimmed(this.config.appTokenFile, 'app_token_file');
    const url = this.config.apiUrl || this.config.appUrl || DEFAULT_SLACK_APP_URL;
    const methodAt = url.lastIndexOf('/chat.postMessage');
    const standard = methodAt >= 0 && methodAt + '/chat.postMessage'.length === url.length;
    const client = new WebClient(undefined, {
      slackApiUrl: standard ? url.slice(0, methodAt + 1) : url,
      logger: SILENT,
      // The pipeline's retry stage owns retries and rate-limit waits.
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      fetch: this.fetch(ctx),
    });
    if (!standard) delete message.ts;
    const args = { ...webApiArguments(message), token };
    try {
      let result: SlackApiResult;
      if (message.ts) {
        result = await client.chat.update(args as unknown as ChatUpdateArguments);
      } else if (standard) {
        result = await client.chat.postMessage(args as unknown as ChatPostMessageArguments);
      } else {
        // A non-standard app_url (a proxy, say): post to it as given.
        result = (await client.apiCall(url, args)) as SlackApiResult;
      }
      return result;
    } catch (err) {
      throw webApiError(err, message.channel, ctx.signal);
    }
  }
}
