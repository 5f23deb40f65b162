-- The newest spin's event time. DuckDB keeps no ingestion time, so the page's "ingest latency" on the
-- embedded default is this spin's age: the ingestor's linger plus the gap between spins.
SELECT max(EventTime) AS Newest FROM GamePlay
