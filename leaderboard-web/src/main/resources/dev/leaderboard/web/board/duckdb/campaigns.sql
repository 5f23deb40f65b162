-- Every campaign, the latest start first. Games NULL or empty = every game.
SELECT CampaignId, Name, StartTime, EndTime, Games
FROM Campaigns
ORDER BY StartTime DESC, CampaignId
