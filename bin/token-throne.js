#!/usr/bin/env node
// Runs the compiled bot from dist/, built by `npm install` (prepare) and before `npm start`.
import { existsSync } from 'node:fs';

if (!existsSync(new URL('../dist/cli.js', import.meta.url))) {
  console.error('Token Throne is not built yet: run `npm install` or `npm run build` first.');
  process.exit(1);
}
await import('../dist/cli.js');
