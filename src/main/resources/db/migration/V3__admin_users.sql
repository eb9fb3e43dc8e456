-- Admin users who log in with a password and TOTP. Passwords are Argon2id (PHC string), recovery
-- codes SHA-256 hashes (they are random, like keys). The TOTP secret must be readable to check
-- codes, so it is kept as hex here (until the vault encrypts it). last_totp_step stops a code from
-- being used twice: a login must name a later step than the last one accepted.
CREATE TABLE admin_users (
  name VARCHAR(200) NOT NULL PRIMARY KEY,
  user_role VARCHAR(16) NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  totp_secret VARCHAR(80) NOT NULL,
  last_totp_step BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE admin_recovery_codes (
  user_name VARCHAR(200) NOT NULL,
  code_hash VARCHAR(80) NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (user_name, code_hash)
);
