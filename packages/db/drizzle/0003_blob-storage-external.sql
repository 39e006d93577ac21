-- Blob chunks hold model parameters and encoded deltas: float bytes that do not
-- compress. EXTERNAL keeps them out of line (TOAST) without trying pglz on every
-- 1 MiB chunk first, which cost the coordinator a fifth of its ingest throughput.
ALTER TABLE "blob_chunks" ALTER COLUMN "data" SET STORAGE EXTERNAL;
