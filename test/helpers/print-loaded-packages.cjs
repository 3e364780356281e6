// Preloaded with `node --require`: as the process exits, prints the npm packages it loaded as
// CommonJS (ES modules importing them included), one line: "loaded packages: a b @c/d".
const { writeSync } = require('node:fs');

process.on('exit', () => {
  const names = new Set();
  for (const path of Object.keys(require.cache)) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];
    if (name) names.add(name);
  }
  writeSync(1, `loaded packages: ${[...names].sort().join(' ')}\n`);
});
