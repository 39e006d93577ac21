/**
 * The edge store's schema, one entry per version, applied in order inside a
 * transaction and recorded in SQLite's `user_version`. Append only: never edit
 * a shipped migration.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE catalog (
    idx INTEGER PRIMARY KEY,
    item_id TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL,
    encoder_id TEXT,
    embedding BLOB
  );
  CREATE TABLE interactions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT UNIQUE,
    user_id TEXT NOT NULL,
    item_idx INTEGER NOT NULL REFERENCES catalog(idx),
    kind TEXT NOT NULL,
    label REAL NOT NULL,
    q BLOB NOT NULL,
    query TEXT,
    at INTEGER NOT NULL,
    ingested_at INTEGER NOT NULL
  );
  CREATE INDEX interactions_user ON interactions(user_id, id);
  CREATE TABLE users (
    user_id TEXT PRIMARY KEY,
    vector BLOB NOT NULL,
    positives INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE replay (
    slot INTEGER PRIMARY KEY,
    interaction_id INTEGER NOT NULL,
    label REAL NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    round_id INTEGER NOT NULL,
    base_version INTEGER NOT NULL,
    num_examples INTEGER NOT NULL,
    metrics TEXT NOT NULL,
    body BLOB NOT NULL,
    data_from INTEGER NOT NULL,
    data_to INTEGER NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    result TEXT,
    created_at INTEGER NOT NULL,
    settled_at INTEGER
  );
  CREATE INDEX outbox_pending ON outbox(state, next_attempt_at);
  CREATE TABLE models (
    slot TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    spec_hash TEXT NOT NULL,
    params BLOB NOT NULL,
    saved_at INTEGER NOT NULL
  );
  `,
];
