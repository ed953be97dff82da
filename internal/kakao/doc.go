// Package kakao is sitecard's client for Kakao's OAuth and "send to me" (talk memo) APIs,
// written to the facts in docs/kakao.md.
//
//   - client.go: the OAuth code exchange, the token refresh, the talk memo, logout and
//     unlink, each with a deadline.
//   - memo.go: the "send to me" text template: at most 200 characters, never a broken
//     character, with its button back to the message in the inbox.
//   - errors.go: Kakao's error codes read into classes (transient, needs reconnecting,
//     permanent), which decide whether a send is retried, waits or fails.
//
// The kakaofake package beside it is the fake Kakao the tests and "sitecard kakao-fake" use.
package kakao
