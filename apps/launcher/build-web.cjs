#!/usr/bin/env node
// Builds the web app (apps/web → apps/web/dist) unless the build there was made from the same
// sources: a hash of every input is kept in dist/.build-hash, so a second `npm start` or
// `npm test` skips the build (about 30 s) entirely.
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { spawnSync } = require('node:child_process');

const web = join(__dirname, '..', 'web');
const stampFile = join(web, 'dist', '.build-hash');
const inputs = ['src', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json', 'package.json'];

function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

const hash = createHash('sha256');
for (const file of inputs.flatMap((input) => files(join(web, input)))) {
  hash.update(relative(web, file)).update('\0').update(readFileSync(file)).update('\0');
}
const digest = hash.digest('hex');
if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === digest) process.exit(0);

console.log('[giaoviec] Building the web app (apps/web)…');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['run', '-s', 'build'], { cwd: web, stdio: 'inherit' });
if (result.status !== 0) {
  console.error('[giaoviec] web app build failed');
  process.exit(result.status ?? 1);
}
writeFileSync(stampFile, digest);
