// Package messages is message delivery, whole: a visitor's message is taken in, stored
// with one delivery per channel of its owner, delivered by a worker that no slow
// receiver can hold up, and read in the owner's inbox. It is built in one call,
// New(Deps), and nothing is set on it afterwards.
//
// The files:
//
//   - doc.go: this.
//   - service.go: Deps, New and Service (Intake, Inbox, Settings, Account, Worker,
//     RefreshJob), and what the parts share.
//   - channel.go: the Channel interface, Letter, Outcome and its verdicts, and the small
//     optional interfaces a channel may implement (waits, pool, describe, test).
//   - registry.go: the one list of channels (builtin) and the registry built from it.
//   - kakao.go, email.go, webhook.go: one channel each, each classifying its own failures
//     (kakaoReason, mailReason, hookReason); email.go also holds the address
//     confirmation, webhook.go the webhook's URL and secret.
//   - reason.go: the shared part of the reason table, and the failures' text.
//   - mail.go and mail/*.tmpl: the mails' bodies, from templates and the i18n catalogue.
//   - intake.go: Intake (the contact form and API: fields, spam, limits, idempotency).
//   - reach.go: where a message would go, as the message window tells the visitor.
//   - outbox.go: planning, enqueueing, replanning, releasing a claim with its backoff,
//     and the channels' health.
//   - commit.go: new messages committed in shared transactions.
//   - worker.go: Worker, the straight loop (claim, send, record) and its dispatch.
//   - lanes.go: one delivery in flight per member and channel, a pool per channel, the
//     breaker.
//   - inbox.go: Inbox (list, open, mark read, delete, retry).
//   - settings.go: Settings (a member's channels, their status, tests).
//   - account.go: Account (the KakaoTalk tokens: connect, refresh, send, status).
//   - refreshjob.go: the token refresh job the scheduler runs.
//   - memory.go, helpers.go: a second-long memory and small helpers.
package messages
