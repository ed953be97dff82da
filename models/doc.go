// Package models maps sitecard's tables to bun structs and holds every query on them.
// Query functions take a bun.IDB so that they work inside a transaction too, and
// sql.ErrNoRows never leaves this package: it becomes ErrNotFound.
//
// One file per table or family of tables, each with its struct and its queries, written
// for SQLite and MariaDB alike:
//
//   - card.go: cards, card_sections, section_items, card_links (reading a card whole);
//     card_edit.go: the editor's writes; upload.go: uploads (photos and résumés, byte
//     for byte).
//   - member.go: members; session.go: sessions (what fiber.Storage keeps); identity.go:
//     single sign-on links; totp.go: authenticator apps and recovery codes; passkey.go;
//     reset.go: password reset links; audit.go: the audit trail.
//   - message.go: messages and message_attempts (a delivery's history); delivery.go:
//     deliveries, the outbox's unit of work (claims, release, requeue, the message's
//     summary state); channel.go: member_channels; token.go: KakaoTalk tokens and used
//     authorization codes; reason.go: the failure codes that pages and metrics show;
//     addressbook.go: visitors' shared contacts and app passwords (CardDAV).
//   - pageview.go, click.go, source.go: the counters; chat.go: the chatbot's index;
//     ratehit.go: the atomic rate-limit counts; jobrun.go: the scheduled jobs' last runs.
//   - models.go: ErrNotFound, the shared upsert, and the driver errors told apart.
package models
