-- The blog's GamePlay table (same columns, same order), plus where each row came from in Kafka.
-- EventTime is UTC. SourceTopic/SourcePartition/SourceOffset identify an event for good: a replayed
-- record has the same three values, which is how duplicates would show (and why there are none).
CREATE TABLE IF NOT EXISTS GamePlay (
    PlayerID        INTEGER   NOT NULL,
    GameID          INTEGER   NOT NULL,
    Win             BIGINT    NOT NULL,
    Stake           INTEGER   NOT NULL,
    EventTime       TIMESTAMP NOT NULL,
    SourceTopic     VARCHAR   NOT NULL,
    SourcePartition INTEGER   NOT NULL,
    SourceOffset    BIGINT    NOT NULL
);

-- The next offset to read per partition, written in the same transaction as the rows it covers.
CREATE TABLE IF NOT EXISTS IngestOffsets (
    Topic          VARCHAR   NOT NULL,
    KafkaPartition INTEGER   NOT NULL,
    NextOffset     BIGINT    NOT NULL,
    UpdatedAt      TIMESTAMP NOT NULL,
    PRIMARY KEY (Topic, KafkaPartition)
);

-- Player profiles from the compacted `players` topic: the latest profile per player wins.
CREATE TABLE IF NOT EXISTS Players (
    PlayerID  INTEGER   NOT NULL PRIMARY KEY,
    Name      VARCHAR   NOT NULL,
    Country   VARCHAR,
    UpdatedAt TIMESTAMP NOT NULL
);

-- Campaigns: a campaign is a time range [StartTime, EndTime), optionally limited to some games
-- (Games empty or NULL = every game). Same shape as ADX's Campaigns table.
CREATE TABLE IF NOT EXISTS Campaigns (
    CampaignId VARCHAR   NOT NULL PRIMARY KEY,
    Name       VARCHAR   NOT NULL,
    StartTime  TIMESTAMP NOT NULL,
    EndTime    TIMESTAMP NOT NULL,
    Games      INTEGER[]
);

-- Rollups: what the boards need per player, game and time bin, so that a board reads players x bins
-- rows, never every spin. One table per grain (a minute, an hour, a day, and a century from 2000-01-01,
-- which holds the all-time board in one bin); each Bin is the UTC start of its bin. The ingestor adds a
-- batch's rows in the same transaction as the batch's spins and offsets, so a rollup never counts a spin
-- twice or misses one. Rows are added per batch (Compacted = false) and merged later into one row per
-- (PlayerID, GameID, Bin) (Compacted = true); a board sums whatever rows there are, so both give the same
-- answer. The columns merge exactly: sums add, best ratios keep the earliest time they were reached.
--   BestRatio    max(Win / Stake) over spins with Win > 0, by real division; NULL when there was none
--   BestRatioAt  the earliest EventTime at which BestRatio was reached
--   LastWinAt    max(EventTime) over spins with Win > 0
--   LastChangeAt max(EventTime) over spins with Win <> Stake (spins that changed the player's net)
--   FirstSpinAt  min(EventTime)
CREATE TABLE IF NOT EXISTS RollupMinute (
    PlayerID     INTEGER   NOT NULL,
    GameID       INTEGER   NOT NULL,
    Bin          TIMESTAMP NOT NULL,
    Spins        BIGINT    NOT NULL,
    SumWin       HUGEINT   NOT NULL,
    SumStake     BIGINT    NOT NULL,
    BestRatio    DOUBLE,
    BestRatioAt  TIMESTAMP,
    LastWinAt    TIMESTAMP,
    LastChangeAt TIMESTAMP,
    FirstSpinAt  TIMESTAMP NOT NULL,
    Compacted    BOOLEAN   NOT NULL
);
CREATE TABLE IF NOT EXISTS RollupHour AS SELECT * FROM RollupMinute LIMIT 0;
CREATE TABLE IF NOT EXISTS RollupDay AS SELECT * FROM RollupMinute LIMIT 0;
CREATE TABLE IF NOT EXISTS RollupCentury AS SELECT * FROM RollupMinute LIMIT 0;
