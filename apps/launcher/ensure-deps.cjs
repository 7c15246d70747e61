#!/usr/bin/env node
// Installs Node dependencies when node_modules is missing or older than package-lock.json.
// Plain CommonJS with no dependencies: it runs before anything is installed.
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..', '..');
const stamp = join(root, 'node_modules', '.giaoviec-install-stamp');
const lock = join(root, 'package-lock.json');
const manifestHash = () =>
  createHash('sha256')
    .update(readFileSync(join(root, 'package.json')))
    .update(existsSync(lock) ? readFileSync(lock) : '')
    .digest('hex');

if (existsSync(stamp) && readFileSync(stamp, 'utf8') === manifestHash()) process.exit(0);

console.log(
  '[giaoviec] Installing Node dependencies (npm install; about a minute the first time)…',
);
// `npm ci` rejects a lockfile made on these machines (see docs/decisions); `npm install` honours it.
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status !== 0) {
  console.error('[giaoviec] npm install failed');
  process.exit(result.status ?? 1);
}
writeFileSync(stamp, manifestHash());
