-- 0004: a page of a site's workbooks, views or data sources, in publishing
-- order (rowid), reads an index in that order and stops after the page,
-- instead of sorting every row of the site for each page: an index on
-- site_id alone holds each site's rows in rowid order.

CREATE INDEX workbooks_site_order ON workbooks (site_id);
CREATE INDEX views_site_order ON views (site_id);
CREATE INDEX datasources_site_order ON datasources (site_id);
