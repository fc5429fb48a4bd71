-- Usage flushed from the billing ledgers. request_id is the key: a flush that is retried after a crash
-- inserts nothing twice (INSERT OR IGNORE).
CREATE TABLE usage_records (
  request_id    TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL,
  model         TEXT NOT NULL,
  kind          TEXT NOT NULL,
  input_tokens  INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  base_micro_usd   INTEGER NOT NULL,
  billed_micro_usd INTEGER NOT NULL,
  created_at    INTEGER NOT NULL
);
CREATE INDEX usage_records_user ON usage_records (user_id, created_at);

-- Usage events that could not reach their ledger; the cron replays them (the ledger ignores duplicates).
CREATE TABLE usage_outbox (
  request_id TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL,
  event      TEXT NOT NULL,
  attempts   INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);

-- The index of chat sessions (content lives in each session's Durable Object).
CREATE TABLE sessions (
  session_id    TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL,
  title         TEXT,
  message_count INTEGER NOT NULL,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id, updated_at);

-- Sync: settings with a version for conflict detection.
CREATE TABLE sync_settings (
  user_id    TEXT PRIMARY KEY,
  version    INTEGER NOT NULL,
  settings   TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Sync: knowledge documents (content in R2 under the user's prefix). seq orders changes for pull cursors.
CREATE TABLE knowledge_documents (
  user_id      TEXT NOT NULL,
  doc_id       TEXT NOT NULL,
  title        TEXT,
  content_hash TEXT NOT NULL,
  size         INTEGER NOT NULL,
  deleted      INTEGER NOT NULL DEFAULT 0,
  seq          INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY (user_id, doc_id)
);
CREATE INDEX knowledge_documents_seq ON knowledge_documents (user_id, seq);

-- Sync: LoRA adapters (content in R2 MODEL_CACHE).
CREATE TABLE lora_adapters (
  user_id    TEXT NOT NULL,
  name       TEXT NOT NULL,
  sha256     TEXT NOT NULL,
  size       INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, name)
);

-- Sync: chat history pushed by devices.
CREATE TABLE chat_history (
  user_id    TEXT NOT NULL,
  session_id TEXT NOT NULL,
  title      TEXT,
  messages   TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, session_id)
);
