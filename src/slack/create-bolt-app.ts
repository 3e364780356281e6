import type { RequestListener } from 'node:http';
import { App, HTTPReceiver, type Logger, SocketModeReceiver } from '@slack/bolt';
import type { Config } from '../config.js';

export interface BoltApp {
  app: App;
  /** the handler for POST /slack/events in HTTP mode; undefined in Socket Mode */
  requestListener: RequestListener | undefined;
}

/**
 * The Bolt app for HTTP mode (Slack's requests verified with the signing secret and served by
 * the bot's own HTTP server) or Socket Mode. Every Web API call goes to SLACK_API_URL.
 */
export function createBoltApp(slack: Config['slack'], botToken: string, logger: Logger): BoltApp {
  const clientOptions = { slackApiUrl: slack.apiUrl };
  const receiver =
    slack.mode === 'socket' && slack.appToken
      ? new SocketModeReceiver({
          appToken: slack.appToken,
          logger,
          // A copy: the Socket Mode client writes its own retry settings into the options it is given.
          installerOptions: { clientOptions: { ...clientOptions } },
        })
      : new HTTPReceiver({ signingSecret: slack.signingSecret ?? '', endpoints: '/slack/events', logger });
  // logLevel keeps Bolt from resetting the shared logger to INFO; initialization (auth.test) is
  // left to connect-slack.ts, which survives a refused token.
  const app = new App({
    token: botToken,
    receiver,
    logger,
    logLevel: logger.getLevel(),
    clientOptions,
    deferInitialization: true,
  });
  return { app, requestListener: receiver instanceof HTTPReceiver ? receiver.requestListener : undefined };
}
