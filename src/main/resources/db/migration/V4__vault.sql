-- The vault's upstream credentials, envelope-encrypted: each value is sealed (AES-256-GCM, Tink)
-- under its own data key, and the data key is stored only wrapped by the master key named in
-- master_key_id (the master key itself is never here). A rotated credential keeps its previous
-- value, sealed the same way, until previous_valid_until. Portable across SQLite, PostgreSQL and
-- MySQL/MariaDB: times are epoch milliseconds, binary is base64 text.
CREATE TABLE vault_credentials (
  name VARCHAR(200) NOT NULL PRIMARY KEY,
  version INTEGER NOT NULL,
  sealed_value TEXT NOT NULL,
  data_key TEXT NOT NULL,
  previous_version INTEGER,
  previous_sealed_value TEXT,
  previous_data_key TEXT,
  previous_valid_until BIGINT,
  master_key_id VARCHAR(200) NOT NULL,
  created_at BIGINT NOT NULL,
  rotated_at BIGINT NOT NULL
);

-- Bumped by every credential write, so running gateways reload within their refresh interval.
INSERT INTO store_versions (name, version) VALUES ('credentials', 0);

-- Admin users' TOTP secrets sealed by the vault when one is configured (totp_secret is then empty).
ALTER TABLE admin_users ADD COLUMN totp_sealed TEXT;
