-- Exchange rates to rupiah (for SDG 10.7.1), kept by administrators, and
-- the reporting permissions of administrators.

CREATE TABLE exchange_rates (
    currency    TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    -- Rupiah per unit, in millionths (2063.456789 is 2063456789).
    idr_micros  INTEGER NOT NULL CHECK (idr_micros > 0),
    source      TEXT NOT NULL,
    recorded_by BLOB REFERENCES users (id),
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (currency, on_date)
);

INSERT INTO role_permissions (role_code, permission, scope) VALUES
    ('administrator', 'reports_manage', 'all'),
    ('administrator', 'reports_aggregate', 'all'),
    ('administrator', 'reports_export', 'all');
