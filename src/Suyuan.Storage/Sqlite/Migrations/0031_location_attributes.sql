-- Location attributes from capture documents' master data (a ReadPoint (1) or BusinessLocation (2) vocabulary element's
-- attributes): what HASATTR_readPoint/bizLocation and EQ_ATTR_readPoint/bizLocation_{name} ask about. name is the
-- attribute's IRI; value its stored form ('s:' text, 'n:' number, 'o:' any other value); element the location canonical
-- (a GS1 key as its Digital Link) and element_given each form an event may name it in, in their stored text form.
CREATE TABLE location_attributes (
    vocabulary INTEGER NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    element TEXT NOT NULL,
    element_given TEXT NOT NULL,
    PRIMARY KEY (vocabulary, name, value, element_given)
) WITHOUT ROWID;
-- A later document's attribute replaces the element's values for it: found by the element.
CREATE INDEX location_attributes_element ON location_attributes (vocabulary, element, name);
