export * from './all-exceptions.filter';
export * from './domain.exception';
export * from './validation.pipe';
