-- 0011: extract encryption of workbooks (data sources had it from 0002).
-- A workbook's encryptExtracts, like a data source's, says whether its
-- extracts are encrypted at rest; it follows the site's
-- extractEncryptionMode and the encrypt/decrypt-extracts jobs.
ALTER TABLE workbooks ADD COLUMN encrypt_extracts INTEGER NOT NULL DEFAULT 0;
