-- The string dictionary stores the scheme prefix of an identifier as one control character (Indexing/StoredText.cs):
-- first a value whose own first character is a control character gets the escape character 1 in front; then each prefix
-- in StoredText.Prefixes becomes the character (its index + 2). The prefixes are prefix-free, so those updates may run in
-- any order, and no encoded value can equal a value already stored.

UPDATE strings SET value = char(1) || value WHERE unicode(value) < 32;
UPDATE strings SET value = char(2) || substr(value, 20) WHERE substr(value, 1, 19) = 'https://id.gs1.org/';
UPDATE strings SET value = char(3) || substr(value, 18) WHERE substr(value, 1, 17) = 'urn:epc:id:sgtin:';
UPDATE strings SET value = char(4) || substr(value, 17) WHERE substr(value, 1, 16) = 'urn:epc:id:sscc:';
UPDATE strings SET value = char(5) || substr(value, 17) WHERE substr(value, 1, 16) = 'urn:epc:id:sgln:';
UPDATE strings SET value = char(6) || substr(value, 17) WHERE substr(value, 1, 16) = 'urn:epc:id:pgln:';
UPDATE strings SET value = char(7) || substr(value, 17) WHERE substr(value, 1, 16) = 'urn:epc:id:grai:';
UPDATE strings SET value = char(8) || substr(value, 17) WHERE substr(value, 1, 16) = 'urn:epc:id:giai:';
UPDATE strings SET value = char(9) || substr(value, 17) WHERE substr(value, 1, 16) = 'urn:epc:id:gsrn:';
UPDATE strings SET value = char(10) || substr(value, 17) WHERE substr(value, 1, 16) = 'urn:epc:id:gdti:';
UPDATE strings SET value = char(11) || substr(value, 17) WHERE substr(value, 1, 16) = 'urn:epc:id:sgcn:';
UPDATE strings SET value = char(12) || substr(value, 16) WHERE substr(value, 1, 15) = 'urn:epc:id:cpi:';
UPDATE strings SET value = char(13) || substr(value, 16) WHERE substr(value, 1, 15) = 'urn:epc:id:gid:';
UPDATE strings SET value = char(14) || substr(value, 17) WHERE substr(value, 1, 16) = 'urn:epc:id:itip:';
UPDATE strings SET value = char(15) || substr(value, 17) WHERE substr(value, 1, 16) = 'urn:epc:id:upui:';
UPDATE strings SET value = char(16) || substr(value, 21) WHERE substr(value, 1, 20) = 'urn:epc:class:lgtin:';
UPDATE strings SET value = char(17) || substr(value, 21) WHERE substr(value, 1, 20) = 'urn:epc:idpat:sgtin:';
UPDATE strings SET value = char(18) || substr(value, 22) WHERE substr(value, 1, 21) = 'urn:epcglobal:cbv:bt:';
UPDATE strings SET value = char(19) || substr(value, 25) WHERE substr(value, 1, 24) = 'https://ref.gs1.org/cbv/';
