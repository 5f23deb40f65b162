-- One rollup table ({table}): what the boards need per player, game and time bin, so that a board
-- reads players x bins rows, never every spin. One table per grain (a minute, ten minutes, an hour, a
-- day, and a century from 2000-01-01, which holds the all-time board in one bin); each Bin is the UTC start of its
-- bin. RollupCampaign has a CampaignId instead of a Bin: one "bin" per campaign, its whole range
-- [StartTime, EndTime) on its games, as RollupCampaignBuilt (schema.sql) last saw the campaign.
-- RollupCampaign and the *AllGames tables (one per time grain) are kept per player over all (the
-- campaign's) games, with GameID 0: boards over every game read players there, not players x games
-- (a last-hour board at 5,000 spins/s over 10,000 players: 60 minute bins of 10,000 rows instead of
-- about 60,000). The ingestor adds a
-- batch's rows in the same transaction as the batch's spins and offsets, so a rollup never counts a spin
-- twice or misses one. The coarse tables (ten minutes, hour, day, century) hold the spins before RollupWatermark.CoarseBefore
-- (schema.sql), the others every spin. Rows are added per batch (Compacted = false) and merged later into one row per
-- (PlayerID, GameID, {key}) (Compacted = true); a board sums whatever rows there are, so both give
-- the same answer. The columns merge exactly: sums add, best ratios keep the earliest time they were reached.
--   BestRatio    max(Win / Stake) over spins with Win > 0, by real division; NULL when there was none
--   BestRatioAt  the earliest EventTime at which BestRatio was reached
--   LastWinAt    max(EventTime) over spins with Win > 0
--   LastChangeAt max(EventTime) over spins with Win <> Stake (spins that changed the player's net)
--   FirstSpinAt  min(EventTime)
-- Each rollup is stored as three tables of these columns, {table}Base, {table}Tail0 and {table}Tail1, and read
-- through the view {table} (Rollups.Grain.viewSql): the base (left out for the century and the campaigns, whose bins
-- never end) and the tail the batches write, both tails from the turn until the fold. Batches, moves and merges write one tail; after each move
-- of the watermark the batches turn to the other tail and the first is folded (rollup-fold.sql): its rows of ended
-- bins to the base, which is only ever appended to, the rest to the other tail, then it is dropped and made again.
-- Merges delete rows, and DuckDB's concurrent checkpoints (the only kind Checkpoints lets it take) never vacuum
-- deleted rows, so they stay in the file of a table that lives on; a dropped table's blocks are written again.
-- SumWin is stored uncompressed: DuckDB reads a bit-packed HUGEINT column about 30 times slower (a sum over
-- the 102,515 rows of an all-time table at 10 million spins: 23-60 ms bit-packed, 1 ms uncompressed), and
-- it is a HUGEINT so that no sum of BIGINT wins can overflow. Rollups moves tables written before this to it.
CREATE TABLE IF NOT EXISTS {table} (
    PlayerID     INTEGER   NOT NULL,
    GameID       INTEGER   NOT NULL,
    {key} {keyType} NOT NULL,
    Spins        BIGINT    NOT NULL,
    SumWin       HUGEINT   NOT NULL USING COMPRESSION uncompressed,
    SumStake     BIGINT    NOT NULL,
    BestRatio    DOUBLE,
    BestRatioAt  TIMESTAMP,
    LastWinAt    TIMESTAMP,
    LastChangeAt TIMESTAMP,
    FirstSpinAt  TIMESTAMP NOT NULL,
    Compacted    BOOLEAN   NOT NULL
);
