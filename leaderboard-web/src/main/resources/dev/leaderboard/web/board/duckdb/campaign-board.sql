-- What campaign $1's board over [$2, $3) reads, in one look at Campaigns (no row for a campaign it does not hold):
--   EveryGame    the campaign counts every game (its Games are NULL or empty), so the board reads the rollups
--                kept per player over all games
--   RollupBuilt  the range is the campaign's whole range and the ingestor's RollupCampaign was built for the
--                campaign as Campaigns defines it now (range and games), so the board can read that rollup alone
SELECT coalesce(len(c.Games), 0) = 0 AS EveryGame,
       b.CampaignId IS NOT NULL
           AND c.StartTime = $2 AND c.EndTime = $3
           AND b.StartTime = c.StartTime AND b.EndTime = c.EndTime
           AND b.Games IS NOT DISTINCT FROM c.Games AS RollupBuilt
FROM Campaigns c
LEFT JOIN RollupCampaignBuilt b USING (CampaignId)
WHERE c.CampaignId = $1
