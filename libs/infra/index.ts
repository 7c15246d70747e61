export * from './free-port';
export * from './postgres-server';
export * from './go-binaries';
export * from './temporal-server';
export * from './temporal-cluster';
