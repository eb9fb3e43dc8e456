-- Admin login sessions, shared by every gateway instance on this store (a load balancer may send
-- the next admin request to another instance). Only the SHA-256 hash of a session token is kept.
-- The role is not copied here: it is read from admin_users on each request, so removing a user or
-- changing its role takes effect at once.
CREATE TABLE admin_sessions (
  token_hash VARCHAR(80) NOT NULL PRIMARY KEY,
  user_name VARCHAR(200) NOT NULL,
  address VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT
);

CREATE INDEX admin_sessions_user ON admin_sessions (user_name);
