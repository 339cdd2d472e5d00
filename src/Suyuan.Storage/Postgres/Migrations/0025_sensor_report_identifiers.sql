-- What a sensor report names beside its values, so that a query's sensor conditions hold for one report together
-- (EQ_type=Temperature&GT_value_CEL=8, EQ_deviceID=…&GT_value_CEL=8): its type (normalised as EQ_type's), and the
-- identifiers it has or its element's metadata has (deviceID, dataProcessingMethod, microorganism, chemicalSubstance,
-- bizRules), and its string, URI and hex binary values (hex in upper case). Rows stored before have none of them.
ALTER TABLE sensor_reports ADD COLUMN type TEXT;
ALTER TABLE sensor_reports ADD COLUMN device_id TEXT;
ALTER TABLE sensor_reports ADD COLUMN data_processing_method TEXT;
ALTER TABLE sensor_reports ADD COLUMN microorganism TEXT;
ALTER TABLE sensor_reports ADD COLUMN chemical_substance TEXT;
ALTER TABLE sensor_reports ADD COLUMN biz_rules TEXT;
ALTER TABLE sensor_reports ADD COLUMN string_value TEXT;
ALTER TABLE sensor_reports ADD COLUMN uri_value TEXT;
ALTER TABLE sensor_reports ADD COLUMN hex_binary_value TEXT;
