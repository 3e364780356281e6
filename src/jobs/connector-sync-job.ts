import { type BackgroundWorker, createBackgroundWorker } from '../core/background-worker.js';
import { describeSyncReport } from '../core/connector-sync.js';
import type { Core } from '../core/create-core.js';

/**
 * Syncs every connector that has a key, every SYNC_INTERVAL_MINUTES: logs a line each, wakes the
 * email resolver for new emails, then lets a crown that waited for the data close.
 * Undefined when no connector is on.
 */
export function createConnectorSyncJob(core: Core, afterSync: () => Promise<void>): BackgroundWorker | undefined {
  const { syncer, logger, emailResolver, config } = core;
  if (syncer.enabled.length === 0) return undefined;
  return createBackgroundWorker(
    'connector sync',
    async (isStopped) => {
      const reports = await syncer.syncAll({ isStopped });
      for (const report of reports) {
        if (report.error) logger.error(describeSyncReport(report));
        else logger.info(describeSyncReport(report));
      }
      if (reports.some((report) => report.unresolved > 0)) void emailResolver?.runOnce();
      await afterSync();
      return reports.length;
    },
    config.sync.intervalMinutes * 60_000,
    logger,
  );
}
