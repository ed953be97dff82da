// Package stack builds sitecard's services, whole and in dependency order, from a
// configuration, a database, a clock and a logger: the one place they are wired.
// internal/server calls it for the running site (and adds HTTP and the scheduler), and
// the tests call it to get the same services without either.
//
// Files:
//   - stack.go: Deps (what a build is given), Services (what it returns) and Build, which
//     makes each service with everything it needs, its listeners included, so that
//     nothing is set on a service afterwards.
//   - messages.go: buildMessages, the message services (KakaoTalk account, channels,
//     outbox, intake, token refresh) as they are wired today.
//   - gauges.go: what the metrics read from the services when scraped.
package stack
