-- Goods received that nobody had shipped to the receiver when the receipt was seen, with the chain-break alert it raised:
-- a shipment recorded later (the shipper's data arriving after the receiver's) resolves them, and the alert with them.
CREATE TABLE food_unshipped (
    subject TEXT COLLATE "C" NOT NULL,
    receiver TEXT COLLATE "C" NOT NULL,
    alert_key TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (subject, receiver, alert_key)
);
CREATE INDEX food_unshipped_alert ON food_unshipped (alert_key);
