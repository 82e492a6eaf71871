// Everything the extension loads from src/kafka, as one module: esbuild builds it as dist/kafka.js, and the
// extension's `await import('../../kafka/…')` calls load that file on first use (esbuild.mjs, lazyChunks), so the
// Kafka client and the AWS SDK are not read while VS Code activates the extension.
export * from './clusterMetadata';
export * from './connection';
export * from './election';
export * from './execute';
export * from './mskIam';
export * from './preflight';
export * from './progress';
export * from './reassignmentApi';
export * from './requests';
export * from './snapshot';
export * from './throttles';
