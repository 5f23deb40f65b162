-- Whether campaign $1's board over [$2, $3) can read the ingestor's RollupCampaign alone: the range is
-- the campaign's whole range, and the rollup was built for the campaign as Campaigns defines it now.
SELECT count(*) = 1
FROM Campaigns c
JOIN RollupCampaignBuilt b USING (CampaignId)
WHERE c.CampaignId = $1
  AND c.StartTime = $2 AND c.EndTime = $3
  AND b.StartTime = c.StartTime AND b.EndTime = c.EndTime
  AND b.Games IS NOT DISTINCT FROM c.Games
