#!/usr/bin/env node
// Installs Node dependencies — the root's and the web app's (apps/web is a package of its own) —
// when node_modules is missing or older than package.json / package-lock.json.
// Plain CommonJS with no dependencies: it runs before anything is installed.
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function ensure(dir, label) {
  const stamp = join(dir, 'node_modules', '.giaoviec-install-stamp');
  const lock = join(dir, 'package-lock.json');
  const manifestHash = () =>
    createHash('sha256')
      .update(readFileSync(join(dir, 'package.json')))
      .update(existsSync(lock) ? readFileSync(lock) : '')
      .digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === manifestHash()) return;

  console.log(`[giaoviec] Installing ${label} (npm install; about a minute the first time)…`);
  // `npm ci` rejects a lockfile made on these machines (see docs/decisions); `npm install` honours it.
  const result = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`[giaoviec] npm install failed in ${dir}`);
    process.exit(result.status ?? 1);
  }
  writeFileSync(stamp, manifestHash());
}

ensure(root, 'Node dependencies');
ensure(join(root, 'apps', 'web'), 'the web app’s dependencies');
