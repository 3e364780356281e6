import type { Logger } from '@slack/bolt';

export interface BackgroundWorker {
  /** Runs the work now; a call while it runs shares that run instead of starting another. */
  runOnce(): Promise<number>;
  /** Runs it now and then every `intervalMs`. */
  start(): void;
  /** Stops the timer and waits for a run in progress to finish its current item. */
  stop(): Promise<void>;
}

/**
 * The loop the outbox sender and the email resolver share: `drain` does the work item by item
 * and checks `isStopped()` between items, so stopping waits for at most one Slack call.
 */
export function createBackgroundWorker(
  name: string,
  drain: (isStopped: () => boolean) => Promise<number>,
  intervalMs: number,
  logger: Logger,
): BackgroundWorker {
  let running: Promise<number> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const isStopped = () => stopped;

  // A failed run (say, the database briefly unavailable) is logged and tried again at the next
  // tick; it must never become an unhandled rejection that ends the process.
  function runOnce(): Promise<number> {
    running ??= drain(isStopped)
      .catch((error: unknown) => {
        logger.error(`The ${name} failed; it will try again:`, error);
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  return {
    runOnce,
    start() {
      timer = setInterval(() => void runOnce(), intervalMs);
      timer.unref();
      void runOnce();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
