-- Folds the tail {oldTail} of a rollup (rollup-table.sql) once the batches have turned to the other one, {newTail}:
-- its rows of bins that have ended ({done}: the bin ends at or before the watermark $1, which the coarse grains have
-- passed) go to {base}, which only ever gets rows appended; the rest (bins still open, the century, the
-- campaigns) go to {newTail}; then {oldTail} is dropped and made again, empty. One transaction on the merges'
-- thread, so boards (whose view reads both tails from the turn until the fold) see the rows in one place or the
-- other, never both.
-- Dropping the table is what gives its blocks back to DuckDB: rows a merge deleted (rollup-compact.sql) are never
-- vacuumed by a concurrent checkpoint, the only kind Checkpoints lets DuckDB take, so in a table that lives on
-- they would stay in the file for good (bench/duckdb-file-growth.sh).
-- Rollups runs rollup-compact.sql on {oldTail} first, in a transaction of its own, so each (player, game, {key}) has
-- one row in it here; one grain at a time, so that a fold needs the memory of one grain's rows, not of all.
INSERT INTO {base} SELECT * FROM {oldTail} WHERE {done};

-- A row whose (player, game, {key}) {newTail} holds already (the batches' rows since the turn, or merged rows left
-- there by a fold that failed) goes over unmerged, so that the next merge of {newTail} makes them one row: merges
-- take only the keys with unmerged rows (rollup-compact.sql).
INSERT INTO {newTail}
SELECT * REPLACE (Compacted AND NOT EXISTS (
           SELECT 1 FROM {newTail} n WHERE n.PlayerID = o.PlayerID AND n.GameID = o.GameID AND n.{key} = o.{key}) AS Compacted)
FROM {oldTail} o
WHERE NOT ({done});

DROP TABLE {oldTail};
