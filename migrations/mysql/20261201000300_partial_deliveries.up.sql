-- A message that reached some of its channels but not all is "partial", counted apart
-- from the undelivered ones (it was "failed" or "waiting").
UPDATE messages SET state = 'partial'
	WHERE state IN ('failed', 'waiting') AND id IN (SELECT message_id FROM deliveries WHERE state = 'sent');
