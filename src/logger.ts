import { type Logger, LogLevel } from '@slack/bolt';

const ORDER: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 10,
  [LogLevel.INFO]: 20,
  [LogLevel.WARN]: 30,
  [LogLevel.ERROR]: 40,
};

export type LogSink = (level: LogLevel, line: string) => void;

const writeToConsole: LogSink = (level, line) => {
  (level === LogLevel.ERROR || level === LogLevel.WARN ? process.stderr : process.stdout).write(`${line}\n`);
};

function describe(part: unknown): string {
  if (part instanceof Error) return part.stack ?? `${part.name}: ${part.message}`;
  if (typeof part === 'string') return part;
  return JSON.stringify(part) ?? String(part);
}

/**
 * A logger shaped as Bolt's, so the bot and Bolt write one log. The sink is injectable
 * so tests can read what was logged (and check that no secret ever is).
 */
export function createLogger(level: `${LogLevel}`, sink: LogSink = writeToConsole): Logger {
  let threshold = level as LogLevel;
  let name = 'token-throne';
  const write =
    (at: LogLevel) =>
    (...parts: unknown[]) => {
      if (ORDER[at] < ORDER[threshold]) return;
      sink(at, `${new Date().toISOString()} ${at.toUpperCase().padEnd(5)} [${name}] ${parts.map(describe).join(' ')}`);
    };
  return {
    debug: write(LogLevel.DEBUG),
    info: write(LogLevel.INFO),
    warn: write(LogLevel.WARN),
    error: write(LogLevel.ERROR),
    setLevel: (next) => {
      threshold = next;
    },
    getLevel: () => threshold,
    setName: (next) => {
      name = next;
    },
  };
}
