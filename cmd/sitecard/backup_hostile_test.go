package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sitecard/internal/backup/backuptest"
	"strings"
	"testing"

	"sitecard/internal/backup"
	"sitecard/internal/config"
	"sitecard/internal/database"
	"sitecard/internal/sealed"
	"sitecard/internal/testutil"
	"sitecard/internal/testutil/testsite"
	"sitecard/migrations"
	"sitecard/services"
)

// tableCount is how many tables the database has: 0 after a restore refused before it
// wrote anything.
func tableCount(t *testing.T, cfg *config.Config) int {
	t.Helper()
	ctx := context.Background()
	db, err := database.Open(ctx, cfg.Dialect, cfg.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
	if cfg.Dialect == config.MariaDB {
		q = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
	}
	var n int
	if err := db.NewRaw(q).Scan(ctx, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// memberCount is how many members the database holds (-1 when it has no members table).
func memberCount(t *testing.T, cfg *config.Config) int {
	t.Helper()
	ctx := context.Background()
	db, err := database.Open(ctx, cfg.Dialect, cfg.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.NewRaw("SELECT COUNT(*) FROM members").Scan(ctx, &n); err != nil {
		return -1
	}
	return n
}

// pack writes entries as a backup file: a gzip'd tar, as a person with tar and gzip makes
// one.
func pack(t *testing.T, names []string, bodies map[string][]byte) []byte {
	t.Helper()
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	tw := tar.NewWriter(zw)
	for _, n := range names {
		if err := tw.WriteHeader(&tar.Header{Name: n, Mode: 0o600, Size: int64(len(bodies[n]))}); err != nil {
			t.Fatal(err)
		}
		tw.Write(bodies[n]) //nolint:errcheck // a buffer
	}
	tw.Close()
	zw.Close()
	return out.Bytes()
}

// resum recomputes the manifest's sums of every table, as anyone who edits a file can.
// With secret it also makes the MAC and the header's sum, as only the key's holder can;
// without it, the MAC stays the old one.
func resum(t *testing.T, names []string, bodies map[string][]byte, secret []byte) {
	t.Helper()
	var man backup.Manifest
	if err := json.Unmarshal(bodies["manifest.json"], &man); err != nil {
		t.Fatal(err)
	}
	for i, s := range man.Tables {
		h := sha256.New()
		var n int64
		for _, name := range names {
			if name == "tables/"+s.Name+".jsonl" || strings.HasPrefix(name, "tables/"+s.Name+".jsonl.") {
				h.Write(bodies[name])
				n += int64(len(bodies[name]))
				man.Tables[i].Rows = int64(bytes.Count(bodies[name], []byte("\n")))
			}
		}
		man.Tables[i].SHA256, man.Tables[i].Bytes = hex.EncodeToString(h.Sum(nil)), n
	}
	if secret != nil {
		sum := sha256.Sum256(bodies["header.json"])
		man.Header = hex.EncodeToString(sum[:])
	}
	b, _ := json.MarshalIndent(man, "", "  ")
	bodies["manifest.json"] = b
	if secret != nil {
		key := sealed.Key(secret, "sitecard/backup/v2")
		m := hmac.New(sha256.New, key[:])
		m.Write(b)
		bodies["manifest.hmac"] = []byte(hex.EncodeToString(m.Sum(nil)) + "\n")
	}
}

// editRow changes the row of a table whose text contains marker.
func editRow(t *testing.T, bodies map[string][]byte, table, marker string, edit func(row map[string]any)) {
	t.Helper()
	body := bodies["tables/"+table+".jsonl"]
	lines := bytes.Split(bytes.TrimSuffix(body, []byte("\n")), []byte("\n"))
	found := false
	for i, l := range lines {
		if !bytes.Contains(l, []byte(marker)) {
			continue
		}
		var row map[string]any
		if err := json.Unmarshal(l, &row); err != nil {
			t.Fatal(err)
		}
		edit(row)
		lines[i], _ = json.Marshal(row)
		found = true
	}
	if !found {
		t.Fatalf("no row of %s holds %q", table, marker)
	}
	bodies["tables/"+table+".jsonl"] = append(bytes.Join(lines, []byte("\n")), '\n')
}

// A forged backup: whoever holds a file adds an admin with a password of their own to
// members.jsonl and makes the manifest agree. Without SECRET_KEY they cannot make its MAC,
// and the file is refused before anything is written, on both databases; so is one whose
// MAC was taken away, or whose header came from another file.
func TestRestoreRefusesAForgedBackup(t *testing.T) {
	lite := testutil.Config(t, "sqlite://"+filepath.ToSlash(filepath.Join(t.TempDir(), "a.db")))
	src := populated(t, lite, newHookReceiver(t))
	file := writeBackup(t, src)
	other := writeBackup(t, src) // the same site a moment later: another header
	names, bodies := backuptest.Entries(t, file)
	if names[len(names)-1] != "manifest.hmac" {
		t.Fatalf("the file's last entry is %q, not its MAC", names[len(names)-1])
	}
	// The intruder copies alice's row and makes it theirs, with a hash of a password they
	// know (alice's own hash, so alice's password signs them in).
	var alice map[string]any
	for _, l := range bytes.Split(bytes.TrimSpace(bodies["tables/members.jsonl"]), []byte("\n")) {
		if bytes.Contains(l, []byte(`"login":"alice"`)) {
			json.Unmarshal(l, &alice) //nolint:errcheck // our own row
		}
	}
	alice["id"], alice["login"], alice["email"], alice["role"] = 99, "intruder", "intruder@example.com", "admin"
	intruder, _ := json.Marshal(alice)
	forged := func(edit func(names []string, bodies map[string][]byte) []string) []byte {
		n, b := backuptest.Entries(t, file)
		b["tables/members.jsonl"] = append(b["tables/members.jsonl"], append(intruder, '\n')...)
		resum(t, n, b, nil)
		return pack(t, edit(n, b), b)
	}
	_, otherBodies := backuptest.Entries(t, other)
	cases := map[string][]byte{
		"an admin added, the manifest made to agree": forged(func(n []string, _ map[string][]byte) []string { return n }),
		"the MAC taken away":                         forged(func(n []string, _ map[string][]byte) []string { return n[:len(n)-1] }),
		"rewritten as a version 1 file":              v1(t, forged(func(n []string, _ map[string][]byte) []string { return n })),
		"another file's header": func() []byte {
			n, b := backuptest.Entries(t, file)
			b["header.json"] = otherBodies["header.json"]
			return pack(t, n, b)
		}(),
	}
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		for what, f := range cases {
			err := restore(cfg, f, false)
			if !errors.Is(err, backup.ErrNotAuthentic) && !errors.Is(err, backup.ErrUnauthenticated) {
				t.Errorf("%s: %v, want the file refused as not authentic", what, err)
			}
			if n := tableCount(t, cfg); n != 0 {
				t.Errorf("%s: %d tables written before the refusal", what, n)
			}
		}
		// The file as written restores: the refusals are the forgeries'.
		if err := restore(cfg, file, false); err != nil {
			t.Fatalf("the backup as written: %v", err)
		}
		if n := memberCount(t, cfg); n != 1 {
			t.Errorf("%d members restored, want alice alone", n)
		}
	})
}

// v1 turns a file into what an older sitecard wrote: format version 1, no MAC, no header
// sum in the manifest.
func v1(t *testing.T, file []byte) []byte {
	t.Helper()
	names, bodies := backuptest.Entries(t, file)
	var h map[string]any
	json.Unmarshal(bodies["header.json"], &h) //nolint:errcheck // our own header
	h["version"] = 1
	bodies["header.json"], _ = json.MarshalIndent(h, "", "  ")
	var man map[string]any
	json.Unmarshal(bodies["manifest.json"], &man) //nolint:errcheck // our own manifest
	delete(man, "header_sha256")
	bodies["manifest.json"], _ = json.MarshalIndent(man, "", "  ")
	return pack(t, names[:len(names)-1], bodies)
}

// A backup from before authentication (format version 1) still restores when the operator
// says it never left their hands (--unauthenticated), and the command says, on its output
// and in the log, that the file cannot be authenticated. Without the flag it is refused
// before anything is written: anyone who holds any backup of the site can turn it into a
// version 1 file with an admin of their own (TestRestoreRefusesAForgedBackup's version 1
// case).
func TestRestoreOfAVersion1BackupWarns(t *testing.T) {
	lite := testutil.Config(t, "sqlite://"+filepath.ToSlash(filepath.Join(t.TempDir(), "a.db")))
	old := v1(t, writeBackup(t, populated(t, lite, newHookReceiver(t))))
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		name := filepath.Join(t.TempDir(), "old.tar.gz")
		if err := os.WriteFile(name, old, 0o600); err != nil {
			t.Fatal(err)
		}
		stderr, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
		if err != nil {
			t.Fatal(err)
		}
		defer stderr.Close()
		var logged bytes.Buffer
		log := slog.New(slog.NewTextHandler(&logged, nil))
		if err := Restore(context.Background(), cfg, log, []string{name}, nil, stderr); !errors.Is(err, backup.ErrUnauthenticated) {
			t.Fatalf("restore of a version 1 file without --unauthenticated: %v", err)
		}
		if n := tableCount(t, cfg); n != 0 {
			t.Fatalf("%d tables written before the version 1 file was refused", n)
		}
		if err := Restore(context.Background(), cfg, log, []string{"--unauthenticated", name}, nil, stderr); err != nil {
			t.Fatalf("restore of a version 1 file: %v", err)
		}
		out, _ := os.ReadFile(stderr.Name())
		for where, text := range map[string]string{"the command's output": string(out), "the log": logged.String()} {
			if !strings.Contains(text, "cannot be authenticated") {
				t.Errorf("%s does not say the file cannot be authenticated:\n%s", where, text)
			}
		}
		if n := memberCount(t, cfg); n != 1 {
			t.Errorf("%d members after restoring the version 1 file", n)
		}
	})
	// A file of version 2 says nothing of the kind.
	cfg := testutil.Config(t, "sqlite://"+filepath.ToSlash(filepath.Join(t.TempDir(), "b.db")))
	warned := false
	db, err := database.Open(context.Background(), cfg.Dialect, cfg.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m, _ := migrations.New(db, cfg.MigrationLockFile())
	file := writeBackup(t, testsite.Server(t, lite))
	if _, err := backup.Restore(context.Background(), db, m, func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(file)), nil },
		backup.RestoreOptions{Replace: true, Secret: cfg.SecretKey, Purpose: services.TokensPurpose, MaxLine: services.BackupMaxLine(),
			Warn: func(string) { warned = true }}); err != nil || warned {
		t.Errorf("a version 2 file: %v, warned %v", err, warned)
	}
}

// A value of the wrong type or past its column's limit is refused on both databases,
// naming the table, the row and the column, before anything is committed; SQLite, which
// stores whatever it is given, would otherwise keep "yes" in a boolean and answer 500 on
// every page that reads the card. The file is signed with the site's key: a value is
// checked whoever wrote it.
func TestRestoreChecksEveryValueAgainstItsColumn(t *testing.T) {
	lite := testutil.Config(t, "sqlite://"+filepath.ToSlash(filepath.Join(t.TempDir(), "a.db")))
	file := writeBackup(t, populated(t, lite, newHookReceiver(t)))
	type change struct {
		table, marker, column string
		value                 any
		row                   int64
	}
	cases := map[string]change{
		"a boolean that says yes":       {"cards", `"slug":"alice"`, "chat_enabled", "yes", 2},
		"a boolean of 2":                {"cards", `"slug":"alice"`, "published", 2, 2},
		"a time that is not one":        {"cards", `"slug":"alice"`, "updated_at", "not a time", 2},
		"a time as a number":            {"members", `"login":"alice"`, "created_at", 1764600000, 1},
		"a name past its length":        {"members", `"login":"alice"`, "display_name", strings.Repeat("가", 101), 1},
		"a number as text":              {"card_sections", `"kind":"skills"`, "position", "1", 1},
		"a fraction for a whole number": {"section_items", `"title":"Go"`, "percent", 1.5, 1},
		"a file as text":                {"uploads", `"content_type":"image/png"`, "body", "not base64 data", 0},
		"null where none is allowed":    {"members", `"login":"alice"`, "login", nil, 1},
		"a column the table lacks":      {"cards", `"slug":"alice"`, "is_admin", 1, 2},
	}
	files := map[string][]byte{}
	for what, c := range cases {
		names, bodies := backuptest.Entries(t, file)
		editRow(t, bodies, c.table, c.marker, func(row map[string]any) { row[c.column] = c.value })
		resum(t, names, bodies, lite.SecretKey)
		files[what] = pack(t, names, bodies)
	}
	names, bodies := backuptest.Entries(t, file)
	resum(t, names, bodies, lite.SecretKey)
	resigned := pack(t, names, bodies)
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		for what, f := range files {
			c := cases[what]
			err := restore(cfg, f, false)
			var bad *backup.Invalid
			if !errors.As(err, &bad) || bad.Table != c.table || bad.Column != c.column || (c.row > 0 && bad.Row != c.row) {
				t.Errorf("%s: %v, want table %s, row %d, column %s refused", what, err, c.table, c.row, c.column)
				continue
			}
			if !strings.Contains(err.Error(), "table "+c.table) || !strings.Contains(err.Error(), "column "+c.column) {
				t.Errorf("%s: the refusal does not name its place: %v", what, err)
			}
			if n := memberCount(t, cfg); n > 0 {
				t.Errorf("%s: %d members written by a refused restore", what, n)
			}
		}
		// The same file, signed again but not changed, restores: the refusals are the values'.
		if err := restore(cfg, resigned, false); err != nil {
			t.Fatalf("the file signed again: %v", err)
		}
	})
}

// gzipOf compresses b as one gzip member, as small as gzip makes it.
func gzipOf(b []byte) []byte {
	var out bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&out, gzip.BestCompression)
	zw.Write(b) //nolint:errcheck // a buffer
	zw.Close()
	return out.Bytes()
}

// hugeTable is a backup file whose first table entry holds prefix, then n MiB of fill,
// then suffix: a real gzip'd tar (gzip, tar and sitecard read it), made of gzip members
// one after another so that the test need not compress gigabytes to make it.
func hugeTable(t *testing.T, header []byte, table, prefix string, fill byte, mib int, suffix string) []byte {
	t.Helper()
	size := int64(len(prefix)) + int64(mib)<<20 + int64(len(suffix))
	var head bytes.Buffer
	tw := tar.NewWriter(&head)
	tw.WriteHeader(&tar.Header{Name: "header.json", Mode: 0o600, Size: int64(len(header))})  //nolint:errcheck // a buffer
	tw.Write(header)                                                                         //nolint:errcheck // a buffer
	tw.WriteHeader(&tar.Header{Name: "tables/" + table + ".jsonl", Mode: 0o600, Size: size}) //nolint:errcheck // a buffer
	head.WriteString(prefix)
	var out bytes.Buffer
	out.Write(gzipOf(head.Bytes()))
	chunk := gzipOf(bytes.Repeat([]byte{fill}, 1<<20))
	for range mib {
		out.Write(chunk)
	}
	var tail bytes.Buffer
	tail.WriteString(suffix)
	tail.Write(make([]byte, (512-size%512)%512))
	tw = tar.NewWriter(&tail)
	man := []byte(`{"tables":[{"name":"` + table + `","rows":1,"bytes":` + fmt.Sprint(size) + `,"sha256":"00"}]}`)
	tw.WriteHeader(&tar.Header{Name: "manifest.json", Mode: 0o600, Size: int64(len(man))}) //nolint:errcheck // a buffer
	tw.Write(man)                                                                          //nolint:errcheck // a buffer
	tw.Close()
	out.Write(gzipOf(tail.Bytes()))
	return out.Bytes()
}

// A file of a few hundred kilobytes that holds one 256 MB row, one whose table is 2 GiB of
// white space, and one whose row is an object of 2 GiB of white space: each is refused,
// naming the table, having allocated less than 100 MB in all (the probe saw 1.83 and 4.15
// GB held), and with nothing written, on both databases.
func TestRestoreRefusesHugeRowsInBoundedMemory(t *testing.T) {
	lite := testutil.Config(t, "sqlite://"+filepath.ToSlash(filepath.Join(t.TempDir(), "a.db")))
	_, bodies := backuptest.Entries(t, writeBackup(t, testsite.Server(t, lite)))
	header := bodies["header.json"]
	files := map[string][]byte{
		"one 256 MB row":          hugeTable(t, header, "members", `{"id":1,"display_name":"`, 'a', 256, `"}`+"\n"),
		"a table of 2 GiB spaces": hugeTable(t, header, "members", "", ' ', 2048, ""),
		"a row of 2 GiB spaces":   hugeTable(t, header, "members", "{", ' ', 2048, "}\n"),
	}
	testutil.ForEachDBInTurn(t, func(t *testing.T, cfg *config.Config) {
		for what, f := range files {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			err := restore(cfg, f, false)
			runtime.ReadMemStats(&after)
			var d *backup.Damaged
			if !errors.As(err, &d) || d.Table != "members" {
				t.Errorf("%s (%.1f MB file): %v, want it refused naming table members", what, float64(len(f))/1e6, err)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 100<<20 {
				t.Errorf("%s: the restore allocated %d MB before refusing", what, alloc>>20)
			} else {
				t.Logf("%s: %.2f MB file, refused after allocating %.1f MB: %v", what, float64(len(f))/1e6, float64(alloc)/1e6, err)
			}
			if n := tableCount(t, cfg); n != 0 {
				t.Errorf("%s: %d tables written", what, n)
			}
		}
	})
}

// A file that changes between the pass that checks it and the pass that loads it (a file
// on a disk someone else can write) is refused when its tables are summed again, before
// the transaction commits: nothing of it stays.
func TestRestoreRefusesAFileChangedAfterItWasChecked(t *testing.T) {
	lite := testutil.Config(t, "sqlite://"+filepath.ToSlash(filepath.Join(t.TempDir(), "a.db")))
	file := writeBackup(t, populated(t, lite, newHookReceiver(t)))
	names, bodies := backuptest.Entries(t, file)
	bodies["tables/members.jsonl"] = bytes.Replace(bodies["tables/members.jsonl"], []byte(`"role":"admin"`), []byte(`"role":"membr"`), 1)
	changed := pack(t, names, bodies)
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		ctx := context.Background()
		db, err := database.Open(ctx, cfg.Dialect, cfg.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		m, _ := migrations.New(db, cfg.MigrationLockFile())
		opens := 0
		_, err = backup.Restore(ctx, db, m, func() (io.ReadCloser, error) {
			opens++
			if opens < 3 { // the header's pass and the check's
				return io.NopCloser(bytes.NewReader(file)), nil
			}
			return io.NopCloser(bytes.NewReader(changed)), nil
		}, backup.RestoreOptions{Secret: cfg.SecretKey, Purpose: services.TokensPurpose, MaxLine: services.BackupMaxLine()})
		var d *backup.Damaged
		if !errors.As(err, &d) || d.Table != "members" || opens != 3 {
			t.Fatalf("a file changed before the load: %v (%d passes)", err, opens)
		}
		if n := memberCount(t, cfg); n != 0 {
			t.Errorf("%d members committed from the changed file", n)
		}
	})
}
