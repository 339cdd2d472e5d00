-- Keys the servers of one store share, created at random by the first server that needs one (PageTokenSeal: the key
-- that makes event page tokens opaque, so a token does not show the store-wide position of the events it follows).
CREATE TABLE store_secrets (
    name TEXT PRIMARY KEY,
    value BYTEA NOT NULL
);
