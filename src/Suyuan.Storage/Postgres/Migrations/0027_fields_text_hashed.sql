-- The index of extension, ILMD and error-declaration field values held each value's text, and PostgreSQL's b-tree takes
-- at most 2,704 bytes a row: a longer value that does not compress (a signature, an encoded image) could not be stored.
-- The index now holds the MD5 of the text (16 bytes); EQ_ on a field compares that, then the text itself.
DROP INDEX fields_name;
CREATE INDEX fields_name ON fields (name_id, kind, (md5(str)::uuid));
