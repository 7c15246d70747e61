/**
 * The child side of startNodeProcess: tells the parent when the app is ready, and leaves when the
 * parent is gone (its IPC channel disconnects, also when the parent was killed with SIGKILL).
 * Without an IPC channel (the app run on its own, in production) both do nothing.
 */
export function linkToParent(close: () => Promise<unknown>, graceMs = 10_000): void {
  if (!process.send) return;
  const leave = () => {
    setTimeout(() => process.exit(1), graceMs).unref();
    void close()
      .catch(() => undefined)
      .finally(() => process.exit(0));
  };
  if (!process.connected) return leave();
  process.once('disconnect', leave);
  process.send({ type: 'ready' });
}
