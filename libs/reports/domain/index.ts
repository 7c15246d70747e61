export * from './reporting-period';
