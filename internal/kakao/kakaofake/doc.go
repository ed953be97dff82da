// Package kakaofake is a faithful stand-in for Kakao's OAuth and talk-memo APIs
// (docs/kakao.md): single-use codes, the redirect URI check, token lifetimes, refresh-token
// rotation in the last month, rate limits, the API's error codes, and injected failures.
// Tests use it in-process; "sitecard kakao-fake" serves it for local demos.
//
//   - fake.go: the server, its state (codes, tokens, memos), lifetimes and injected failures.
//   - oauth.go: the OAuth host: the consent screen and the token endpoint.
//   - api.go: the API host: talk memos, token information, logout.
package kakaofake
