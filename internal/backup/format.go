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
	"strings"
	"time"
	"unicode/utf8"
)

// Format names the file; Version is its layout.
const (
	Format  = "sitecard-backup"
	Version = 1
)

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
		{"messages", "", "id"},
		{"deliveries", "", "id"},
		{"message_attempts", "", "id"},
		{"job_runs", "", "name"},
		{"sessions", "sessions", "k"},
		{"page_views", "counters", "card_id, day"},
		{"site_views", "counters", "day"},
		{"link_clicks", "counters", "card_id, target, day"},
		{"chat_indexes", "chat", "card_id"},
		{"chat_chunks", "chat", "id"},
	}
}

// Ephemeral are the tables a backup leaves out and a restore with --replace empties.
func Ephemeral() []string { return []string{"login_attempts", "rate_hits", "kakao_code_uses"} }

// encodeValue turns a value the driver scanned into JSON. binary says the column holds
// bytes, not text (MariaDB hands both over as []byte).
func encodeValue(v any, binary bool) any {
	switch x := v.(type) {
	case nil, int64, float64, bool, string:
		return x
	case time.Time:
		return map[string]string{"$t": x.UTC().Format(time.RFC3339Nano)}
	case []byte:
		if binary || !utf8.Valid(x) {
			return map[string]string{"$b": base64.StdEncoding.EncodeToString(x)}
		}
		return string(x)
	case int:
		return int64(x)
	case int32:
		return int64(x)
	case uint64:
		return x
	}
	return fmt.Sprint(v)
}

// decodeValue is encodeValue's inverse, for a row read with json.Decoder.UseNumber.
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
