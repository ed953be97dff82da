// Package backup writes the whole site to one file and loads it back, into SQLite or
// MariaDB alike: the way to keep a site safe and to move it to a bigger machine.
//
// The file (format version 1) is a gzip'd tar of:
//
//	header.json           format, version, schema (the newest migration applied), the
//	                      source dialect, when it was written, the tables in load order,
//	                      and a value sealed with SECRET_KEY that tells a restore at once
//	                      whether its key opens the file's tokens
//	tables/<table>.jsonl  one JSON object per row, column by column: numbers and strings
//	                      as themselves, times as {"$t": RFC 3339}, binary data as
//	                      {"$b": base64}
//	manifest.json         each table's rows, bytes and SHA-256, written last
//
// docs/backup.md describes it for anyone who wants to read a file without sitecard.
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
	Version = 1
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
}

// Manifest is manifest.json.
type Manifest struct {
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
		{"job_runs", "", "name"},
		{"audit_events", "", "id"},
		{"sessions", "sessions", "k"},
		{"page_views", "counters", "card_id, day"},
		{"site_views", "counters", "day"},
		{"link_clicks", "counters", "card_id, target, day"},
		{"chat_indexes", "chat", "card_id"},
		{"chat_chunks", "chat", "id"},
	}
}

// Ephemeral are the tables a backup leaves out and a restore with --replace empties.
// Password reset links live an hour and must not work again after a restore.
func Ephemeral() []string {
	return []string{"login_attempts", "rate_hits", "kakao_code_uses", "password_resets"}
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
