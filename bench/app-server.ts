// The bot under test, in its own process: `node --import tsx bench/app-server.ts`.
// Configured by the environment like the real bot; prints "LISTENING <port>" when ready.
import { LogLevel } from '@slack/bolt';
import { createApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';

const config = parseConfig(process.env);
const app = createApp(config, { logger: createLogger(LogLevel.WARN) });
const port = await app.start();
process.stdout.write(`LISTENING ${port}\n`);
process.on('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
