-- Location hierarchy from capture documents' master data (a vocabulary element's children): WD_readPoint follows the
-- ReadPoint vocabulary's (1), WD_bizLocation the BusinessLocation vocabulary's (2). parent and child are canonical (a GS1
-- key as its Digital Link, so a hierarchy given in either form is one); child_given holds each form of the child (as the
-- document wrote it, canonical, and a GS1 key's EPC URNs),
-- which is how events naming it in any of those forms are found; all in their stored text form.
CREATE TABLE location_children (
    vocabulary INTEGER NOT NULL,
    parent TEXT NOT NULL,
    child TEXT NOT NULL,
    child_given TEXT NOT NULL,
    PRIMARY KEY (vocabulary, parent, child, child_given)
) WITHOUT ROWID;
