-- The product lines a food maker is registered for (dairy, edible oil…): the plan sets coverage targets per line.
CREATE TABLE enterprise_product_lines (
    uscc TEXT NOT NULL REFERENCES enterprises (uscc) ON DELETE CASCADE,
    product_line TEXT NOT NULL,
    PRIMARY KEY (uscc, product_line)
);
CREATE INDEX enterprise_product_lines_line ON enterprise_product_lines (product_line);
