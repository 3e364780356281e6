import cron, { type ScheduledTask } from 'node-cron';
import type { Core } from '../core/create-core.js';
import { firstFireAfter } from './first-fire-after.js';

/**
 * The Monday reset: RESET_CRON (in WEEK_TIMEZONE) closes the most recent completed week.
 * At start-up it also catches up a week whose reset time passed while the bot was down.
 */
export function createWeeklyReset(core: Core) {
  const { crowner, clock, logger, messages, boardChanges } = core;
  const { crowns, tallies } = core.stores;
  const { resetCron, weekTimeZone } = core.config;
  let task: ScheduledTask | undefined;

  async function run(reason: string): Promise<void> {
    try {
      const result = await crowner.crown();
      if (result.status === 'crowned') {
        boardChanges.notify();
        void messages.deliverDue();
      } else if (result.status === 'waiting') return;
      else logger.debug(`Weekly reset (${reason}): ${result.week.key} was already closed.`);
    } catch (error) {
      logger.error(`Weekly reset (${reason}) failed; it will be retried at the next start or run:`, error);
    }
  }

  /** The last completed week, if its reset time has passed and it is still open. */
  function dueWeek() {
    const week = crowner.weekToClose(undefined);
    if (crowns.isClosed(week.key)) return undefined;
    // A fresh install (no usage that week, no week ever closed) has nothing to close.
    if (tallies.totals(week.key).people === 0 && !crowns.anyClosed()) return undefined;
    const due = firstFireAfter(resetCron, weekTimeZone, week.end);
    return due && clock() < due ? undefined : week;
  }

  return {
    /** Closes the last completed week if its reset time passed while the bot was down. */
    async catchUp(): Promise<void> {
      const week = dueWeek();
      if (!week) return;
      logger.info(`${week.key} was never closed (the bot was down at its reset time): closing it now.`);
      await run('catch-up');
    },
    /** After a connector sync: closes the last week if it was waiting for that data. */
    async afterSync(): Promise<void> {
      if (dueWeek()) await run('after a connector sync');
    },
    start(): void {
      task = cron.schedule(resetCron, () => run('scheduled'), {
        timezone: weekTimeZone,
        name: 'weekly-reset',
        noOverlap: true,
      });
    },
    async stop(): Promise<void> {
      await task?.destroy();
    },
  };
}
