-- The embedded default's campaigns, written once into an empty Campaigns table (times are UTC):
-- one running all week on every game, one today on the simulator's games 10-12, and a two-minute
-- warm-up that is over soon after the first start, so the page shows an ended campaign with spins.
INSERT INTO Campaigns (CampaignId, Name, StartTime, EndTime, Games)
SELECT * FROM (VALUES
    ('launch-week', 'Launch Week', date_trunc('day', $1::TIMESTAMP) - INTERVAL 1 DAY,
        date_trunc('day', $1::TIMESTAMP) + INTERVAL 6 DAY, []::INTEGER[]),
    ('slots-sprint', 'Slots Sprint', date_trunc('hour', $1::TIMESTAMP),
        date_trunc('hour', $1::TIMESTAMP) + INTERVAL 1 DAY, [10, 11, 12]),
    ('warm-up', 'Warm-up', $1::TIMESTAMP, $1::TIMESTAMP + INTERVAL 2 MINUTE, []::INTEGER[])
)
WHERE NOT EXISTS (SELECT 1 FROM Campaigns)
