-- Spins per second of event time in [$1, $2).
SELECT date_trunc('second', EventTime) AS Second, count(*) AS Events
FROM GamePlay
WHERE EventTime >= $1 AND EventTime < $2
GROUP BY Second
ORDER BY Second
