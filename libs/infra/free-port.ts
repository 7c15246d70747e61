import { AddressInfo, createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A free port below 32768, outside Linux's ephemeral range (where freePort's come from). Temporal
 * stores its services' membership ports as SQL smallint, so those must be below 32768.
 */
export async function freeLowPort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
  throw new Error('No free port found between 20000 and 32000');
}

/**
 * Throws when `port` is taken. `what` names the service; the message points at the variable
 * `<WHAT>_PORT` (e.g. "Temporal" → TEMPORAL_PORT), so name the launcher's variables that way.
 */
export async function assertPortFree(port: number, what: string): Promise<void> {
  if (await canListen(port)) return;
  const variable = `${what.toUpperCase().replace(/\W+/g, '_')}_PORT`;
  throw new Error(
    `Port ${port} (${what}) is already in use — stop the other process or set ${variable}`,
  );
}

function canListen(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EADDRINUSE' ? resolve(false) : reject(err),
    );
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}
