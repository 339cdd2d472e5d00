-- What an alert raised for missing records waits for, one row per good: an origin certificate issued to the lot at
-- harvest, a slaughter's quarantine certificate. Enterprises send their data on their own schedules, so the farm's or the
-- slaughterhouse's record may arrive after the market's; when it does, the rule removes the rows it settles and acknowledges
-- the alert itself once it waits for nothing (as the chain break does with food_unshipped). rule is the view's name.
CREATE TABLE food_alert_waits (
    rule TEXT COLLATE "C" NOT NULL,
    subject TEXT COLLATE "C" NOT NULL,
    alert_id BIGINT NOT NULL,
    PRIMARY KEY (rule, subject, alert_id)
);
CREATE INDEX food_alert_waits_alert ON food_alert_waits (alert_id);
