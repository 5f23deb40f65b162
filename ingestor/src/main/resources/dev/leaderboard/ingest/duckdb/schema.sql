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

-- The next offset to read per partition, written in the same transaction as the rows it covers: one row per
-- partition and batch, only ever inserted (an update in the batch would keep DuckDB from checkpointing while the
-- boards read, see Checkpoints), the highest per partition the one that counts; once a minute the table is made
-- again with only those (rewrite-offset-log.sql).
CREATE TABLE IF NOT EXISTS IngestOffsetLog (
    Topic          VARCHAR   NOT NULL,
    KafkaPartition INTEGER   NOT NULL,
    NextOffset     BIGINT    NOT NULL,
    UpdatedAt      TIMESTAMP NOT NULL
);

-- Where ingestors before IngestOffsetLog kept the same, one row per partition, updated: still read, no longer written.
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

-- The rollup tables, one per grain, are created by Rollups from rollup-table.sql.

-- The campaign definitions RollupCampaign was built for. The ingestor compares it with Campaigns before
-- each batch and rebuilds a campaign's rollup when its range or games changed (or it is new); a board
-- reads RollupCampaign only for a campaign whose definition here equals the one in Campaigns.
CREATE TABLE IF NOT EXISTS RollupCampaignBuilt (
    CampaignId VARCHAR   NOT NULL PRIMARY KEY,
    StartTime  TIMESTAMP NOT NULL,
    EndTime    TIMESTAMP NOT NULL,
    Games      INTEGER[]
);

-- How far the coarse rollups (ten minutes, hour, day and century, per game and over all games) reach: with the rows of
-- RollupLate and RollupLateAllGames before it, they hold exactly the spins with EventTime < CoarseBefore, a
-- whole minute; the minute rollups hold every spin. A batch adds its spins to the minute rollups, and to the
-- coarse ones only those before CoarseBefore (late spins). Once a minute the ingestor moves CoarseBefore on in a
-- transaction of its own, apart from the batches, and adds the minutes it passed, from the minute rollups, to the
-- coarse ones; a batch that commits while that runs puts its spins of those minutes in RollupLate too, which
-- the coarse ones take afterwards (Rollups.move). A board reads coarse bins and RollupLate before CoarseBefore,
-- and minute bins after it. One row; none (a database from before it) means the coarse rollups hold every spin.
CREATE TABLE IF NOT EXISTS RollupWatermark (
    CoarseBefore TIMESTAMP NOT NULL
);
