-- Back to the worst state of the deliveries that did not arrive.
UPDATE messages SET state = 'failed'
	WHERE state = 'partial' AND id IN (SELECT message_id FROM deliveries WHERE state = 'failed');
--bun:split
UPDATE messages SET state = 'waiting' WHERE state = 'partial';
