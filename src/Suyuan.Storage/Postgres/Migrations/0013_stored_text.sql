-- The string dictionary stores the scheme prefix of an identifier as one control character (Indexing/StoredText.cs):
-- first a value whose own first character is a control character gets the escape character 1 in front; then each prefix
-- in StoredText.Prefixes becomes the character (its index + 2). The prefixes are prefix-free, so those updates may run in
-- any order, and no encoded value can equal a value already stored.

UPDATE strings SET value = chr(1) || value WHERE value <> '' AND ascii(value) < 32;
UPDATE strings SET value = chr(2) || substr(value, 20) WHERE substr(value, 1, 19) = 'https://id.gs1.org/';
UPDATE strings SET value = chr(3) || substr(value, 18) WHERE substr(value, 1, 17) = 'urn:epc:id:sgtin:';
UPDATE strings SET value = chr(4) || substr(value, 17) WHERE substr(value, 1, 16) = 'urn:epc:id:sscc:';
UPDATE strings SET value = chr(5) || substr(value, 17) WHERE substr(value, 1, 16) = 'urn:epc:id:sgln:';
UPDATE strings SET value = chr(6) || substr(value, 17) WHERE substr(value, 1, 16) = 'urn:epc:id:pgln:';
UPDATE strings SET value = chr(7) || substr(value, 17) WHERE substr(value, 1, 16) = 'urn:epc:id:grai:';
UPDATE strings SET value = chr(8) || substr(value, 17) WHERE substr(value, 1, 16) = 'urn:epc:id:giai:';
UPDATE strings SET value = chr(9) || substr(value, 17) WHERE substr(value, 1, 16) = 'urn:epc:id:gsrn:';
UPDATE strings SET value = chr(10) || substr(value, 17) WHERE substr(value, 1, 16) = 'urn:epc:id:gdti:';
UPDATE strings SET value = chr(11) || substr(value, 17) WHERE substr(value, 1, 16) = 'urn:epc:id:sgcn:';
UPDATE strings SET value = chr(12) || substr(value, 16) WHERE substr(value, 1, 15) = 'urn:epc:id:cpi:';
UPDATE strings SET value = chr(13) || substr(value, 16) WHERE substr(value, 1, 15) = 'urn:epc:id:gid:';
UPDATE strings SET value = chr(14) || substr(value, 17) WHERE substr(value, 1, 16) = 'urn:epc:id:itip:';
UPDATE strings SET value = chr(15) || substr(value, 17) WHERE substr(value, 1, 16) = 'urn:epc:id:upui:';
UPDATE strings SET value = chr(16) || substr(value, 21) WHERE substr(value, 1, 20) = 'urn:epc:class:lgtin:';
UPDATE strings SET value = chr(17) || substr(value, 21) WHERE substr(value, 1, 20) = 'urn:epc:idpat:sgtin:';
UPDATE strings SET value = chr(18) || substr(value, 22) WHERE substr(value, 1, 21) = 'urn:epcglobal:cbv:bt:';
UPDATE strings SET value = chr(19) || substr(value, 25) WHERE substr(value, 1, 24) = 'https://ref.gs1.org/cbv/';
