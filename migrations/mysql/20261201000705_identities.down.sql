DROP TABLE member_identities;
