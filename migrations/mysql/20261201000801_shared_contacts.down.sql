DROP TABLE app_passwords;
--bun:split
DROP TABLE shared_contacts;
