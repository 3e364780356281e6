// Preloaded with `node --require`: on SIGUSR2, prints the npm packages the process has loaded as
// CommonJS (ES modules importing them included), one line: "loaded packages: a b @c/d".
const { writeSync } = require('node:fs');

process.on('SIGUSR2', () => {
  const names = new Set();
  for (const path of Object.keys(require.cache)) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];
    if (name) names.add(name);
  }
  writeSync(1, `loaded packages: ${[...names].sort().join(' ')}\n`);
});
