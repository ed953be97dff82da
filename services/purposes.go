package services

// TokensPurpose names the key the Kakao tokens are sealed with: services/messages seals
// them, and a backup checks that SECRET_KEY still opens them.
const TokensPurpose = "sitecard/tokens/v1"
