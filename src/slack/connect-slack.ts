import type { Logger } from '@slack/bolt';
import type { SlackMode } from '../config.js';
import type { BoltApp } from './create-bolt-app.js';

const RETRY_MS = 60_000;

/**
 * Connects the Bolt app: checks the bot token (auth.test) and, in Socket Mode, opens the socket
 * (which then reconnects by itself). A refused token or an unreachable Slack is logged and
 * retried every minute instead of stopping the bot, so ingestion keeps every event meanwhile.
 */
export function createSlackConnection(bolt: BoltApp, mode: SlackMode, logger: Logger) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let socketOpen = false;
  let ready = false;

  async function connect(): Promise<void> {
    try {
      await bolt.app.init();
    } catch (error) {
      if (stopped) return;
      logger.error(
        `Slack did not accept SLACK_BOT_TOKEN (${(error as Error).message}); /leaderboard is unavailable until it does. ` +
          `Retrying in ${RETRY_MS / 1000} s; ingestion keeps running.`,
      );
      timer = setTimeout(() => void connect(), RETRY_MS);
      timer.unref();
      return;
    }
    ready = true;
    if (mode !== 'socket') return;
    socketOpen = true;
    bolt.app
      .start()
      .then(() => logger.info('Connected to Slack over Socket Mode.'))
      .catch((error: unknown) => logger.error('Socket Mode could not connect to Slack:', error));
  }

  return {
    connect,
    /** Whether Bolt has initialised (Slack accepted the token) and can answer Slack's requests. */
    isReady: () => ready,
    async disconnect(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      if (socketOpen) await bolt.app.stop();
    },
  };
}
