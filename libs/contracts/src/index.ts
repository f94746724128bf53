// Schemas and derived types shared by both services: queue payloads, Alertmanager v2 API shapes.
export * from './alert-batch-job';
export * from './alertmanager-v2';
export * from './schema-errors';
