export * from './free-port';
export * from './postgres-server';
export * from './temporal-cli';
export * from './temporal-server';
