// The public face of lib/cors: S3's CORS model, parsed, validated and simulated, with no I/O.
export * from './types';
export * from './match';
export { CorsParseError, MAX_DOCUMENT_BYTES, parseCorsDocument } from './parse/index';
export { configHash, configurationOf, fromS3Rules, toCorsXml, toS3Rules } from './serialize';
export * from './validate';
export * from './simulate';
export * from './simulation-cases';
export * from './analysis';
