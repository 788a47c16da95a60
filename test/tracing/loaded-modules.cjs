// Preloaded into a server process by modes.test.ts: at exit, writes the path of every module the
// process loaded through require, one a line, to LOADED_MODULES_FILE.
const { writeFileSync } = require('node:fs');

process.on('exit', () =>
  writeFileSync(process.env.LOADED_MODULES_FILE, Object.keys(require.cache).join('\n')),
);
