package backup

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Format names the file; Version is its layout.
const (
	Format  = "sitecard-backup"
	Version = 2
	// Unauthenticated is the last version without a MAC: such a file restores with a
	// warning, for anyone who held one could have changed it.
	Unauthenticated = 1
)

// The entries of a file besides its tables.
const (
	headerEntry   = "header.json"
	manifestEntry = "manifest.json"
	macEntry      = "manifest.hmac"
)

// FileName is what a backup made at t is called when no name is given.
func FileName(t time.Time) string { return "sitecard-" + t.UTC().Format("20060102-150405") + ".tar.gz" }

// keyCheck is the plain text of the header's sealed value.
const keyCheck = "sitecard-backup-key-check"

// Header is header.json.
type Header struct {
	Format    string    `json:"format"`
	Version   int       `json:"version"`
	Schema    string    `json:"schema"`
	Dialect   string    `json:"dialect"`
	CreatedAt time.Time `json:"created_at"`
	Tables    []string  `json:"tables"`
	KeyCheck  string    `json:"key_check"`

	// sum is the SHA-256 of header.json as read: the manifest of version 2 names it.
	sum [32]byte
}

// Authenticated reports whether the file carries a MAC (version 2 on). A restore of one
// that does not can only trust that nobody changed it.
func (h *Header) Authenticated() bool { return h.Version > Unauthenticated }

// Manifest is manifest.json.
type Manifest struct {
	// Header is the SHA-256 of header.json (version 2 on): the MAC that covers the
	// manifest covers the header through it.
	Header string     `json:"header_sha256,omitempty"`
	Tables []TableSum `json:"tables"`
}

// TableSum is one table's entry in the manifest.
type TableSum struct {
	Name   string `json:"name"`
	Rows   int64  `json:"rows"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Table is one table the file can hold, and whether it goes in by default.
type Table struct {
	Name string
	// Group is what asks for it: "" always; "sessions", "counters", "chat" on request.
	Group string
	// Key orders its rows.
	Key string
}

// Tables lists every table a backup can hold, in the order a restore loads them (a row's
// references come before it). The rest of the schema is left out on purpose: sign-in
// attempts, rate-limit hits and used Kakao codes matter for minutes, not across a move.
func Tables() []Table {
	return []Table{
		{"members", "", "id"},
		{"cards", "", "id"},
		{"card_sections", "", "id"},
		{"section_items", "", "id"},
		{"card_links", "", "id"},
		{"uploads", "", "name"},
		{"tokens", "", "id"},
		{"member_channels", "", "member_id, channel"},
		// Second factors: the TOTP secret stays sealed with SECRET_KEY, recovery codes
		// are hashes.
		{"member_totp", "", "member_id"},
		{"recovery_codes", "", "id"},
		// Passkeys are public keys: nothing to seal.
		{"passkeys", "", "id"},
		{"member_identities", "", "id"},
		{"messages", "", "id"},
		{"deliveries", "", "id"},
		{"message_attempts", "", "id"},
		{"shared_contacts", "", "id"},
		{"app_passwords", "", "id"},
		{"job_runs", "", "name"},
		{"audit_events", "", "id"},
		{"sessions", "sessions", "k"},
		{"page_views", "counters", "card_id, day"},
		{"site_views", "counters", "day"},
		{"link_clicks", "counters", "card_id, target, day"},
		{"source_counts", "counters", "card_id, day, source"},
		{"site_sources", "counters", "day, source"},
		{"chat_indexes", "chat", "card_id"},
		{"chat_chunks", "chat", "id"},
	}
}

// Excluded is a table of the schema that a backup does not carry, and why.
type Excluded struct {
	Name   string
	Reason string
	// Ephemeral says a restore with --replace empties it: the site's own short-lived
	// rows, which would not match the restored site's.
	Ephemeral bool
}

// Exclusions lists every table of the schema that a backup leaves out, with the reason. A
// test holds the schema to Tables and Exclusions: a new table must be named in one of them.
func Exclusions() []Excluded {
	return []Excluded{
		{"rate_hits", "rate-limit hits: matter for minutes", true},
		{"rate_hits_mem", "MariaDB's in-memory rate-limit hits: matter for minutes", true},
		{"kakao_code_uses", "used Kakao authorization codes: each lives for minutes", true},
		{"password_resets", "password reset links: each lives an hour, and none may work again after a restore", true},
		{"bun_migrations", "the schema's own record: a restore builds it by migrating", false},
		{"bun_migration_locks", "the migrations' lock: a restore takes its own", false},
		{"sqlite_sequence", "SQLite's own counters, kept by SQLite from the rows' ids", false},
	}
}

// Ephemeral are the tables a backup leaves out and a restore with --replace empties.
func Ephemeral() []string {
	var out []string
	for _, e := range Exclusions() {
		if e.Ephemeral {
			out = append(out, e.Name)
		}
	}
	return out
}

// appendValue appends a value the driver scanned as JSON. binary says the column holds
// bytes, not text (MariaDB hands both over as []byte). Written by hand rather than with
// json.Marshal of a map: uploads are most of a backup, and their base64 goes straight into
// the line instead of through a reflective encoder that escapes it byte by byte.
func appendValue(dst []byte, v any, binary bool) []byte {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...)
	case int64:
		return strconv.AppendInt(dst, x, 10)
	case float64:
		return strconv.AppendFloat(dst, x, 'g', -1, 64)
	case bool:
		return strconv.AppendBool(dst, x)
	case string:
		return appendString(dst, x)
	case time.Time:
		dst = append(dst, `{"$t":"`...)
		dst = x.UTC().AppendFormat(dst, time.RFC3339Nano)
		return append(dst, `"}`...)
	case []byte:
		if binary || !utf8.Valid(x) {
			dst = append(dst, `{"$b":"`...)
			dst = base64.StdEncoding.AppendEncode(dst, x)
			return append(dst, `"}`...)
		}
		return appendString(dst, string(x))
	}
	return appendString(dst, fmt.Sprint(v))
}

func appendString(dst []byte, s string) []byte {
	b, _ := json.Marshal(s) // a string always marshals
	return append(dst, b...)
}

// decodeValue is appendValue's inverse, for a row read with json.Decoder.UseNumber.
func decodeValue(v any) (any, error) {
	switch x := v.(type) {
	case nil, string, bool:
		return x, nil
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i, nil
		}
		return x.Float64()
	case map[string]any:
		if t, ok := x["$t"].(string); ok && len(x) == 1 {
			return time.Parse(time.RFC3339Nano, t)
		}
		if b, ok := x["$b"].(string); ok && len(x) == 1 {
			return base64.StdEncoding.DecodeString(b)
		}
	}
	return nil, fmt.Errorf("a value of an unknown kind: %v", v)
}

// isBinary reports whether a column's database type holds bytes rather than text.
func isBinary(dbType string) bool {
	t := strings.ToUpper(dbType)
	return strings.Contains(t, "BLOB") || strings.Contains(t, "BINARY")
}
