-- Web logins of enterprise staff, regulators and admins. password_hash is ASP.NET Core Identity's PasswordHasher format.
CREATE TABLE accounts (
    id BIGSERIAL PRIMARY KEY,
    login TEXT COLLATE "C" NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT COLLATE "C" NOT NULL,
    department TEXT COLLATE "C",
    enterprise TEXT COLLATE "C",
    failed_attempts BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT,
    disabled BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

-- API keys: only the SHA-256 of the secret is kept; id is the public part sent with it (sy_{id}_{secret}).
CREATE TABLE api_keys (
    id TEXT COLLATE "C" PRIMARY KEY,
    secret_hash TEXT NOT NULL,
    role TEXT COLLATE "C" NOT NULL,
    department TEXT COLLATE "C",
    enterprise TEXT COLLATE "C",
    scopes TEXT NOT NULL,
    label TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    revoked_at BIGINT,
    revoked_by TEXT,
    last_used_at BIGINT
);
CREATE INDEX api_keys_enterprise ON api_keys (enterprise);

-- Append-only audit log: the code has no UPDATE or DELETE on it.
CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT COLLATE "C" NOT NULL,
    actor_kind TEXT COLLATE "C" NOT NULL,
    action TEXT COLLATE "C" NOT NULL,
    target TEXT NOT NULL,
    outcome TEXT NOT NULL,
    remote TEXT,
    detail TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
