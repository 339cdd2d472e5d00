-- State of the food, drug and farm-input rules (each rule reads only its own table, never the event history).

-- Lots issued an origin or compliance certificate (承诺达标合格证): market entry of such a lot needs no voucher of its own.
CREATE TABLE food_certified_lots (
    subject TEXT PRIMARY KEY,
    certificate TEXT NOT NULL,
    event_id TEXT NOT NULL
);

-- Meat lots (slaughter outputs, or meat entering a market) and the quarantine certificate that covers them, if any.
CREATE TABLE food_meat_lots (
    subject TEXT PRIMARY KEY,
    certificate TEXT,
    event_id TEXT NOT NULL
);

-- Pesticide products by registration number, as their makers commissioned them.
CREATE TABLE food_pesticide_products (
    registration_number TEXT PRIMARY KEY,
    product_name TEXT NOT NULL
);

-- Pesticide applications per field or base, with the time before which a harvest there is within the safety interval.
CREATE TABLE food_pesticide_applications (
    location TEXT NOT NULL,
    event_id TEXT NOT NULL,
    product TEXT NOT NULL,
    applied_at INTEGER NOT NULL,
    safe_from INTEGER NOT NULL,
    interval_days INTEGER NOT NULL,
    PRIMARY KEY (location, event_id)
);

-- Drug serials (and lots) commissioned, with the commissioning event and the expiry date it gave.
CREATE TABLE food_drug_serials (
    subject TEXT PRIMARY KEY,
    event_id TEXT NOT NULL
);

CREATE TABLE food_drug_expiry (
    subject TEXT PRIMARY KEY,
    expiry TEXT NOT NULL,
    event_id TEXT NOT NULL
);

-- Which container each unit is in now (packing adds, unpacking removes).
CREATE TABLE food_containment (
    child TEXT PRIMARY KEY,
    parent TEXT NOT NULL,
    event_id TEXT NOT NULL
);

-- Lots and items declared recalled by an event (disposition recalled), beside the recall registry.
CREATE TABLE food_recalled (
    subject TEXT PRIMARY KEY,
    event_id TEXT NOT NULL,
    recalled_at INTEGER NOT NULL
);

-- Who was shipped what: a receipt with no shipment of its goods to its receiver is a chain break.
CREATE TABLE food_shipments (
    subject TEXT NOT NULL,
    destination TEXT NOT NULL,
    event_id TEXT NOT NULL,
    PRIMARY KEY (subject, destination)
);
