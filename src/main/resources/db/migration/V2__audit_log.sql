-- The admin audit log. Append-only: the gateway only ever INSERTs and SELECTs here (no UPDATE or
-- DELETE exists in the code). Portable across SQLite, PostgreSQL and MySQL/MariaDB: times are epoch
-- milliseconds, before/after are JSON text with secrets redacted (never a key secret or its hash).
-- ids sort in the order entries were written (time, then a per-process sequence).
CREATE TABLE admin_audit (
  id VARCHAR(48) NOT NULL PRIMARY KEY,
  at_ms BIGINT NOT NULL,
  actor VARCHAR(200) NOT NULL,
  actor_role VARCHAR(16) NOT NULL,
  action VARCHAR(64) NOT NULL,
  target VARCHAR(200) NOT NULL,
  client_address VARCHAR(64) NOT NULL,
  outcome VARCHAR(64) NOT NULL,
  before_json TEXT,
  after_json TEXT
);

CREATE INDEX admin_audit_actor ON admin_audit (actor);
CREATE INDEX admin_audit_action ON admin_audit (action);
