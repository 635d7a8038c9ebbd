/**
 * The state store: approval requests, environment locks, overrides and the audit log, in an embedded
 * SQLite file or PostgreSQL. See docs/store.md.
 */
export { openStore, type OpenStoreOptions } from './open-store.js';
export * from './store.js';
export { withEnvLock, type EnvLease, type EnvLockOptions, type WithEnvLockResult } from './with-env-lock.js';
export { renderAuditText } from './render-audit-text.js';
export { describeOverride } from './describe-override.js';
export { redactSecrets, redactString } from './redact-secrets.js';
export { LATEST_SCHEMA_VERSION } from './migrations.js';
