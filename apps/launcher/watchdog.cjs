#!/usr/bin/env node
// The launcher's watchdog: a detached process that outlives the launcher only to stop what it
// started. The launcher sends it the pids of its servers over IPC whenever they change; when the
// channel closes without a "release" (the launcher died, even of SIGKILL) it stops each of them
// (SIGTERM, or SIGINT for PostgreSQL's fast shutdown), SIGKILLs what is left after a grace
// period, and exits. Plain CommonJS so that both the build and the tests can run it as is.
/* global setInterval, setTimeout, clearInterval */
'use strict';

/** @type {{ pid: number, signal: string }[]} */
let targets = [];
let released = false;
let firing = false;

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
};
const send = (pid, signal) => {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
};

function fire() {
  if (firing) return;
  firing = true;
  if (released || targets.length === 0) process.exit(0);
  for (const { pid, signal } of targets) send(pid, signal);
  const deadline = Date.now() + 15000;
  const poll = setInterval(() => {
    const left = targets.filter(({ pid }) => alive(pid));
    if (left.length === 0) process.exit(0);
    if (Date.now() > deadline) {
      for (const { pid } of left) send(pid, 'SIGKILL');
      clearInterval(poll);
      setTimeout(() => process.exit(0), 200);
    }
  }, 100);
}

process.on('message', (message) => {
  if (message && Array.isArray(message.targets)) targets = message.targets;
  if (message && message.release) released = true;
});
process.on('disconnect', fire);
// Belt and braces: the parent's disappearance also shows as a lost channel or a new parent pid.
const parent = process.ppid;
setInterval(() => {
  if (!process.connected || process.ppid !== parent) fire();
}, 1000);
