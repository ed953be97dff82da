package config

// Variable describes one environment variable for the README and the compose test.
type Variable struct {
	Name, Default, Help string
}

// Variables lists every environment variable Load reads, in README order.
func Variables() []Variable {
	return []Variable{
		{"ADDR", "127.0.0.1:8000", "Address the HTTP server listens on: this machine only by default; the container image sets :8000 (every interface)."},
		{"DATABASE_URL", "sqlite://data/sitecard.db", "`sqlite://path` (embedded) or `mysql://user:pass@host:3306/db` (MariaDB)."},
		{"MARIADB_HOST", "", "With MARIADB_USER, MARIADB_PASSWORD, MARIADB_DATABASE and MARIADB_PORT (3306): the seed's way to select MariaDB. Used when DATABASE_URL is unset."},
		{"MARIADB_PORT", "3306", "See MARIADB_HOST."},
		{"MARIADB_USER", "", "See MARIADB_HOST."},
		{"MARIADB_PASSWORD", "", "See MARIADB_HOST."},
		{"MARIADB_DATABASE", "", "See MARIADB_HOST."},
		{"DB_TIMEOUT", "5s", "How long one request may wait for the database; then it answers 503 and changes nothing."},
		{"DATA_DIR", "data", "Folder for the SQLite file, the generated secret key and uploads. Created when missing."},
		{"BASE_URL", "http://localhost:8000", "Public URL of the site: canonical links, sitemap, QR codes, cookies' Secure flag."},
		{"SECRET_KEY", "(generated into DATA_DIR/secret_key)", "At least 32 characters. Signs and encrypts; keep it stable across restarts and instances."},
		{"GOMEMLIMIT", "200MiB", "Go's soft memory limit (a number with B, KiB, MiB or GiB, or off): near it the collector works harder, so a burst of large requests leaves memory where it was. Raise it on a large site."},
		{"LOG_LEVEL", "info", "debug, info, warn or error."},
		{"SITE_TIMEZONE", "Asia/Seoul", "The site's time zone, an IANA name (Asia/Seoul, Europe/Paris, UTC): the dashboard and the inbox show times in it, with the zone named. Stored times and the JSON APIs stay UTC (RFC 3339)."},
		{"ADMIN_LOGIN", "", "With ADMIN_PASSWORD: creates the first admin at start-up when no member exists. Otherwise /setup offers a form."},
		{"ADMIN_PASSWORD", "", "See ADMIN_LOGIN. At least 8 characters."},
		{"KAKAO_REST_API_KEY", "", "The Kakao app's REST API key. Without it the KakaoTalk connection is off and messages wait in the inbox."},
		{"KAKAO_CLIENT_SECRET", "", "The app's client secret, when it is ON in the Kakao console."},
		{"KAKAO_REDIRECT_URI", "BASE_URL/admin/kakao/callback", "Must match a redirect URI registered for the app, exactly."},
		{"KAKAO_AUTH_URL", "https://kauth.kakao.com", "OAuth host (point it at `sitecard kakao-fake` to try everything locally)."},
		{"KAKAO_API_URL", "https://kapi.kakao.com", "API host (likewise)."},
		{"TOKEN_REFRESH_INTERVAL", "10m", "How often the kakao-token-refresh job runs."},
		{"TOKEN_REFRESH_AHEAD", "1h", "Refresh access tokens that expire within this time."},
		{"CONTACT_RATE_PER_IP", "5/1m", "Accepted messages per client address per window; 0 turns it off."},
		{"CONTACT_RATE_PER_CARD", "60/1h", "Accepted messages per card per window; 0 turns it off."},
		{"RATE_IPV6_PREFIX", "64", "The rate limits count an IPv6 client by this prefix length (one household or server usually holds a whole /64); IPv4 clients by their address. 48–128."},
		{"TRUSTED_PROXIES", "", "Comma-separated addresses or CIDRs whose X-Forwarded-For is believed (your reverse proxy)."},
		{"OPENAI_API_KEY", "", "Chatbot: the key of an OpenAI-compatible API. With it (or OPENAI_BASE_URL) answers are generated, grounded in the card."},
		{"OPENAI_BASE_URL", "https://api.openai.com/v1", "Chatbot: any OpenAI-compatible endpoint (vLLM, llama.cpp, LM Studio, …)."},
		{"OPENAI_MODEL", "gpt-4o-mini", "Chatbot: the chat model."},
		{"OPENAI_EMBEDDING_MODEL", "", "Chatbot: an embedding model; when set, passages are ranked by cosine similarity instead of lexically."},
		{"OLLAMA_HOST", "", "Chatbot: an Ollama server, e.g. http://127.0.0.1:11434 (used when no OpenAI setting is)."},
		{"OLLAMA_MODEL", "llama3.2", "Chatbot: the Ollama chat model."},
		{"OLLAMA_EMBEDDING_MODEL", "", "Chatbot: an Ollama embedding model, e.g. nomic-embed-text."},
		{"CHAT_RATE_PER_IP", "10/1m", "Questions per client address per window, across instances; 0 turns it off."},
		{"CHAT_TIMEOUT", "20s", "How long a model may take; after it the card is quoted instead."},
		{"OUTBOX_CLAIM_TIMEOUT", "2m", "How long a message may stay claimed by an instance that stopped answering before another one delivers it."},
		{"SMTP_URL", "", "Email channel: `smtp://user:pass@host:587` (STARTTLS) or `smtps://user:pass@host:465` (implicit TLS); add `?insecure=1` for a local relay with a self-signed certificate or without STARTTLS (otherwise a relay on smtp:// that offers no STARTTLS is refused: mail would go in clear). Without it email is off."},
		{"SMTP_FROM", "sitecard <sitecard@BASE_URL's host>", "Email channel: the sender of messages and confirmation links."},
		{"WEBHOOK_ALLOW_PRIVATE", "0", "1 lets webhooks post over plain HTTP and to private, loopback and link-local addresses (a receiver on your own network). Off, they are refused, after DNS and on every redirect."},
		{"ADMIN_REQUIRE_SECOND_FACTOR", "0", "1 requires a second factor (an authenticator app or a passkey) of every admin: until they set one up, admins reach only their account page."},
		{"OIDC_ISSUER", "", "Single sign-on: the OpenID Connect provider's issuer URL (Google Workspace, Entra ID, Keycloak, Authentik: see docs/signin.md). The redirect URI to register is BASE_URL/login/oidc/callback."},
		{"OIDC_CLIENT_ID", "", "Single sign-on: the client ID registered with the provider."},
		{"OIDC_CLIENT_SECRET", "", "Single sign-on: the client's secret."},
		{"OIDC_ALLOWED_DOMAINS", "", "Single sign-on: comma-separated email domains whose verified accounts may become new members (e.g. example.com). Empty: nobody new signs up; linked members still sign in."},
		{"OIDC_NEW_MEMBER_ROLE", "member", "Single sign-on: the role a new member gets, member or admin."},
		{"METRICS_TOKEN", "", "Serves Prometheus metrics at /metrics to requests with Authorization: Bearer <token>."},
		{"METRICS_ADDR", "", "Serves Prometheus metrics at /metrics on this separate address instead (e.g. 127.0.0.1:9100), without a token."},
		{"MAIL_FAKE_ADDR", "127.0.0.1:2525", "Only for `sitecard mail-fake`: where the fake mail relay listens."},
		{"KAKAO_FAKE_ADDR", "127.0.0.1:8090", "Only for `sitecard kakao-fake`: where the fake Kakao listens."},
	}
}
