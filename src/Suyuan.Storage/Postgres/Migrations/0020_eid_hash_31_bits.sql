-- The eventID hash keeps the 31 most mixed bits of its 64-bit FNV-1a (EventIds.Hash; on SQLite that stores it in 4 bytes).
-- Queries by eventID match the hash and the packed eventID, so earlier rows are rewritten to the same bits.
UPDATE events SET eid_hash = (eid_hash >> 33) & 2147483647;
