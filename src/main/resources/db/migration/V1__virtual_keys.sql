-- Portable across SQLite, PostgreSQL and MySQL/MariaDB: times are epoch milliseconds, lists are
-- JSON text, and only the SHA-256 hashes of keys are kept.
CREATE TABLE virtual_keys (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  owner VARCHAR(200),
  team VARCHAR(200),
  key_hash VARCHAR(80) NOT NULL,
  key_hint VARCHAR(40) NOT NULL,
  previous_hash VARCHAR(80),
  previous_valid_until BIGINT,
  models TEXT NOT NULL,
  ip_allowlist TEXT NOT NULL,
  expires_at BIGINT,
  rpm_limit INTEGER,
  tpm_limit BIGINT,
  budget_usd DECIMAL(18, 6),
  budget_period VARCHAR(16),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  revoked_at BIGINT
);

CREATE UNIQUE INDEX virtual_keys_key_hash ON virtual_keys (key_hash);

-- One counter per kind of cached data; every write bumps it in the same transaction, and each
-- gateway instance polls it to know when to reload.
CREATE TABLE store_versions (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  version BIGINT NOT NULL
);

INSERT INTO store_versions (name, version) VALUES ('keys', 0);
