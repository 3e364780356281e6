-- The web board's sign-in and screens. Only SHA-256 hashes of the secrets handed to browsers
-- (session cookies, login state, TV link keys) are stored: a copy of the database signs no one in.

-- One row per sign-in in progress (between the redirect to Slack and the callback); consumed once.
CREATE TABLE web_login_states (
  state_hash TEXT PRIMARY KEY,
  -- sent to Slack and expected back inside the id_token
  nonce TEXT NOT NULL,
  -- a local path to go to after signing in
  return_to TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;

-- View-only links for screens that cannot sign in. Revoking deletes the row and, with it,
-- every session the link opened.
CREATE TABLE tv_links (
  name TEXT PRIMARY KEY,
  key_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

-- A signed-in browser ('user', a Slack user) or a screen opened by a TV link ('tv').
CREATE TABLE web_sessions (
  token_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('user', 'tv')),
  user_id TEXT,
  user_name TEXT,
  tv_link TEXT REFERENCES tv_links (name) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  CHECK ((kind = 'user' AND user_id IS NOT NULL) OR (kind = 'tv' AND tv_link IS NOT NULL))
) WITHOUT ROWID;

CREATE INDEX web_sessions_tv_link ON web_sessions (tv_link) WHERE tv_link IS NOT NULL;
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);

