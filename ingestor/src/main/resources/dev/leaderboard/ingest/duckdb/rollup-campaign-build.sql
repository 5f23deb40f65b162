-- (Re)builds the rollup of campaign $1, per player over the campaign's games (GameID 0), from what is already stored, as Campaigns defines it now, in the
-- transaction of the batch before whose spins it runs: the campaign's whole minutes from RollupMinute,
-- and raw spins only for the partial minutes at its two edges (the rule every board follows). Then
-- records the definition it was built for, which the batch's rollup-campaign-add.sql reads. RollupCampaign is a
-- view over the two tails (rollup-table.sql; its base stays empty, start-up moves a database's old rows out of it):
-- the campaign's rows go from all three tables, and the rebuilt ones to the tail the batches add to now ({tail}).
DELETE FROM RollupCampaignBase WHERE CampaignId = $1;

DELETE FROM RollupCampaignTail0 WHERE CampaignId = $1;

DELETE FROM RollupCampaignTail1 WHERE CampaignId = $1;

DELETE FROM RollupCampaignBuilt WHERE CampaignId = $1;

INSERT INTO {tail}
WITH campaign AS (
    SELECT StartTime, EndTime, coalesce(Games, []::INTEGER[]) AS Games,
           CASE WHEN time_bucket(INTERVAL '1 minute', StartTime, TIMESTAMP '2000-01-01') = StartTime THEN StartTime
                ELSE time_bucket(INTERVAL '1 minute', StartTime, TIMESTAMP '2000-01-01') + INTERVAL '1 minute'
           END AS FirstWholeMinute,
           time_bucket(INTERVAL '1 minute', EndTime, TIMESTAMP '2000-01-01') AS EndOfWholeMinutes
    FROM Campaigns WHERE CampaignId = $1
),
-- No whole minute (a range inside one minute): every spin of the range is an edge spin.
edges AS (
    SELECT *, greatest(EndOfWholeMinutes, FirstWholeMinute) AS MinutesTo FROM campaign
),
parts AS (
    SELECT r.PlayerID, r.GameID, r.Spins, r.SumWin, r.SumStake, r.BestRatio, r.BestRatioAt, r.LastWinAt,
           r.LastChangeAt, r.FirstSpinAt
    FROM RollupMinute r, edges e
    WHERE r.Bin >= e.FirstWholeMinute AND r.Bin < e.MinutesTo
      AND (len(e.Games) = 0 OR list_contains(e.Games, r.GameID))
    UNION ALL
    SELECT g.PlayerID, g.GameID, 1, g.Win, g.Stake,
           CASE WHEN g.Win > 0 THEN CAST(g.Win AS DOUBLE) / g.Stake END,
           CASE WHEN g.Win > 0 THEN g.EventTime END,
           CASE WHEN g.Win > 0 THEN g.EventTime END,
           CASE WHEN g.Win <> g.Stake THEN g.EventTime END,
           g.EventTime
    FROM GamePlay g, edges e
    WHERE g.EventTime >= e.StartTime AND g.EventTime < e.EndTime
      AND (g.EventTime < e.FirstWholeMinute OR g.EventTime >= e.MinutesTo)
      AND (len(e.Games) = 0 OR list_contains(e.Games, g.GameID))
)
SELECT PlayerID, 0, $1,
       sum(Spins),
       sum(SumWin),
       sum(SumStake),
       max(BestRatio),
       min(BestRatioAt) FILTER (WHERE BestRatio = KeyBestRatio),
       max(LastWinAt),
       max(LastChangeAt),
       min(FirstSpinAt),
       true
FROM (SELECT *, max(BestRatio) OVER (PARTITION BY PlayerID) AS KeyBestRatio FROM parts)
GROUP BY PlayerID;

INSERT INTO RollupCampaignBuilt SELECT CampaignId, StartTime, EndTime, Games FROM Campaigns WHERE CampaignId = $1;
