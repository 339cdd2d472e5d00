-- WD_ finds the given forms of the locations below a value by their canonical child: looked up by the index, not by
-- reading every row of the vocabulary.
CREATE INDEX location_children_child ON location_children (vocabulary, child);
