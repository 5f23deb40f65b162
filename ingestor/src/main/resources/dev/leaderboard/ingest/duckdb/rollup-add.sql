-- Adds the staged batch to the rollup {table}: one row per (player, game, {key}) of the batch. For the
-- time grains {key} is the spin's bin ({keyOfSpin}); for RollupCampaign it is each campaign of
-- RollupCampaignBuilt whose range and games hold the spin (none: the spin adds nothing there). GameID
-- is {gameOfSpin}: 0 in the tables kept per player over all games. A coarse table (ten minutes, hour, day, century) takes
-- only the spins before RollupWatermark.CoarseBefore (schema.sql), the filter after StagedSpins; the others take
-- every spin. Runs in the batch's transaction. BestRatioAt is the earliest time among the spins with the key's best ratio
-- (a max() per key, then a filtered min(): a min() over (ratio, time) structs was 7 times slower).
INSERT INTO {table}
SELECT PlayerID, GameID, {key},
       count(*),
       sum(Win),
       sum(Stake),
       max(Ratio),
       min(EventTime) FILTER (WHERE Ratio = KeyBestRatio),
       max(EventTime) FILTER (WHERE Win > 0),
       max(EventTime) FILTER (WHERE Win <> Stake),
       min(EventTime),
       false
FROM (
    SELECT *, max(Ratio) OVER (PARTITION BY PlayerID, GameID, {key}) AS KeyBestRatio
    FROM (
        SELECT s.PlayerID, {gameOfSpin} AS GameID, s.Win, s.Stake, s.EventTime, {keyOfSpin} AS {key},
               CASE WHEN s.Win > 0 THEN CAST(s.Win AS DOUBLE) / s.Stake END AS Ratio
        FROM StagedSpins s{joinForKey}{spinsCounted}
    )
)
GROUP BY PlayerID, GameID, {key}
