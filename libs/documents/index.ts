export * from './document-symbol';
export * from './strip-diacritics';
