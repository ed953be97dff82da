// Package webhook posts signed events to members' URLs, following the Standard Webhooks
// specification (standardwebhooks.com): a "whsec_" secret, and the Webhook-Id,
// Webhook-Timestamp and Webhook-Signature headers over "id.timestamp.body".
//
// A webhook URL is typed by a member, so the client refuses to reach private, loopback,
// link-local and metadata addresses (server-side request forgery). The check runs on the
// address actually dialled, after DNS resolution, so it also covers every redirect and a
// name that resolves differently the second time.
//
//   - webhook.go: secrets, signing, and the guard: the address ranges refused (private,
//     loopback, link-local, metadata, NAT64, …), the site's own host, and a client that
//     checks every address it dials, redirects included, with no proxy from the environment.
//   - presets.go: the shapes a webhook posts in (Standard Webhooks JSON, Slack, Discord,
//     ntfy); Slack's with &, < and > escaped, so that a visitor's text is never markup.
package webhook
