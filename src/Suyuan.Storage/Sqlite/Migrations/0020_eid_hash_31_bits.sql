-- The eventID hash keeps the 31 most mixed bits of its 64-bit FNV-1a (EventIds.Hash): SQLite stores it in 4 bytes instead
-- of 8, in the events row and again in events_eid_hash. Lookups confirm a hash on the packed eventID, so the extra
-- collisions of a shorter hash cost a compare, never a wrong answer. Earlier rows are rewritten to the same bits
-- (>> is arithmetic on a negative value; the mask keeps bits 33-63). OR FAIL: nothing here can fail halfway, and without
-- it SQLite would copy every page of the table into a statement journal in /var/tmp first.
UPDATE OR FAIL events SET eid_hash = (eid_hash >> 33) & 2147483647;
