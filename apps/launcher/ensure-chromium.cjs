#!/usr/bin/env node
// The browser tests drive Debian's Chromium (Playwright's own browser download fails on these
// machines). Installs it with apt-get when it is missing and we are root; otherwise says how.
'use strict';
const { existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (existsSync(chromium)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || chromium !== '/usr/bin/chromium') {
  console.error(
    `[giaoviec] The browser tests need Chromium at ${chromium}. Install Debian's chromium ` +
      '(sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary.',
  );
  process.exit(1);
}
console.log('[giaoviec] Installing Chromium for the browser tests (apt-get install chromium)…');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [
  ['update', '-qq'],
  ['install', '-y', '-qq', '--no-install-recommends', 'chromium'],
]) {
  const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`[giaoviec] apt-get ${args.join(' ')} failed`);
    process.exit(result.status ?? 1);
  }
}
