-- Why a delivery, a connection or a job failed, as a code the pages translate. The
-- free text beside it stays for the log and the JSON status; rows from before are mapped
-- from their text once, here.
ALTER TABLE messages ADD COLUMN reason VARCHAR(32) NOT NULL DEFAULT '';
--bun:split
UPDATE messages SET reason = CASE
	WHEN last_error = '' THEN ''
	WHEN last_error LIKE '%the card has no owner%' THEN 'no_owner'
	WHEN last_error LIKE '%not connected%' THEN 'not_connected'
	WHEN last_error LIKE '%does not decrypt%' THEN 'secret_changed'
	WHEN last_error LIKE '%KOE%' OR last_error LIKE '% -4%' OR last_error LIKE '% -1%' OR last_error LIKE '% -2%' OR last_error LIKE '% -3%' THEN 'kakao'
	WHEN last_error LIKE '%timeout%' OR last_error LIKE '%deadline%' OR last_error LIKE '%connection refused%'
		OR last_error LIKE '%no such host%' OR last_error LIKE '%EOF%' OR last_error LIKE '%HTTP 5%' THEN 'network'
	ELSE 'other' END;
--bun:split
ALTER TABLE message_attempts ADD COLUMN reason VARCHAR(32) NOT NULL DEFAULT '';
--bun:split
UPDATE message_attempts SET reason = CASE
	WHEN error = '' THEN ''
	WHEN error LIKE '%the card has no owner%' THEN 'no_owner'
	WHEN error LIKE '%not connected%' THEN 'not_connected'
	WHEN error LIKE '%does not decrypt%' THEN 'secret_changed'
	WHEN error LIKE '%KOE%' OR error LIKE '% -4%' OR error LIKE '% -1%' OR error LIKE '% -2%' OR error LIKE '% -3%' THEN 'kakao'
	WHEN error LIKE '%timeout%' OR error LIKE '%deadline%' OR error LIKE '%connection refused%'
		OR error LIKE '%no such host%' OR error LIKE '%EOF%' OR error LIKE '%HTTP 5%' THEN 'network'
	ELSE 'other' END;
--bun:split
ALTER TABLE tokens ADD COLUMN reason VARCHAR(32) NOT NULL DEFAULT '';
--bun:split
UPDATE tokens SET reason = CASE
	WHEN last_error = '' THEN ''
	WHEN last_error LIKE '%the card has no owner%' THEN 'no_owner'
	WHEN last_error LIKE '%not connected%' THEN 'not_connected'
	WHEN last_error LIKE '%does not decrypt%' THEN 'secret_changed'
	WHEN last_error LIKE '%KOE%' OR last_error LIKE '% -4%' OR last_error LIKE '% -1%' OR last_error LIKE '% -2%' OR last_error LIKE '% -3%' THEN 'kakao'
	WHEN last_error LIKE '%timeout%' OR last_error LIKE '%deadline%' OR last_error LIKE '%connection refused%'
		OR last_error LIKE '%no such host%' OR last_error LIKE '%EOF%' OR last_error LIKE '%HTTP 5%' THEN 'network'
	ELSE 'other' END;
--bun:split
ALTER TABLE job_runs ADD COLUMN reason VARCHAR(32) NOT NULL DEFAULT '';
--bun:split
UPDATE job_runs SET reason = CASE
	WHEN last_error = '' THEN ''
	WHEN last_error LIKE '%the card has no owner%' THEN 'no_owner'
	WHEN last_error LIKE '%not connected%' THEN 'not_connected'
	WHEN last_error LIKE '%does not decrypt%' THEN 'secret_changed'
	WHEN last_error LIKE '%KOE%' OR last_error LIKE '% -4%' OR last_error LIKE '% -1%' OR last_error LIKE '% -2%' OR last_error LIKE '% -3%' THEN 'kakao'
	WHEN last_error LIKE '%timeout%' OR last_error LIKE '%deadline%' OR last_error LIKE '%connection refused%'
		OR last_error LIKE '%no such host%' OR last_error LIKE '%EOF%' OR last_error LIKE '%HTTP 5%' THEN 'network'
	ELSE 'other' END;
