-- How the reports go to a DHIS2 server, kept by administrators: the data
-- set, each district's organisation unit, and for each indicator and
-- disaggregation its data element and category option combo (codes, as
-- DHIS2 knows them), with the category options ADX names them by.

CREATE TABLE dhis2_settings (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    data_set   TEXT NOT NULL,
    updated_by BLOB REFERENCES users (id),
    updated_at TEXT NOT NULL
);

CREATE TABLE dhis2_org_units (
    district_code TEXT PRIMARY KEY REFERENCES areas (code),
    org_unit      TEXT NOT NULL UNIQUE
);

CREATE TABLE dhis2_elements (
    indicator             TEXT NOT NULL,
    -- '' for the total; else "dimension=value" pairs joined by ';', in order.
    disaggregation        TEXT NOT NULL,
    data_element          TEXT NOT NULL,
    category_option_combo TEXT NOT NULL,
    -- "CATEGORY=OPTION" pairs joined by ';' ('' for the default combo).
    adx_categories        TEXT NOT NULL,
    store_zero            INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (indicator, disaggregation),
    UNIQUE (data_element, category_option_combo)
);
