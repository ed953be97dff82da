package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sitecard/internal/backup"
	"sitecard/internal/config"
	"sitecard/internal/database"
	"sitecard/internal/mailer"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/internal/testutil/testsite"
	"sitecard/migrations"
	"sitecard/models"
	"sitecard/services"
	"sitecard/services/messages"
)

// regexpMedia finds the card's photo address in its page.
var regexpMedia = regexp.MustCompile(`/media/[0-9a-f]+\.[a-z]+`)

// hookReceiver counts the webhook posts whose signature its secret verifies.
type hookReceiver struct {
	secret atomic.Value
	valid  atomic.Int64
	url    string
}

func newHookReceiver(t *testing.T) *hookReceiver {
	h := &hookReceiver{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		secret, _ := h.secret.Load().(string)
		key, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
		mac := hmac.New(sha256.New, key)
		mac.Write([]byte(r.Header.Get("Webhook-Id") + "." + r.Header.Get("Webhook-Timestamp") + "." + string(body)))
		if r.Header.Get("Webhook-Signature") == "v1,"+base64.StdEncoding.EncodeToString(mac.Sum(nil)) {
			h.valid.Add(1)
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	h.url = srv.URL + "/hook"
	return h
}

// populated is a site with a member, a published card with a photo and a résumé, a
// webhook, page views and messages that wait for KakaoTalk.
func populated(t *testing.T, cfg *config.Config, hook *hookReceiver) *server.Server {
	t.Helper()
	cfg.WebhookAllowPrivate = true
	srv := testsite.Server(t, cfg, server.WithFastPasswordHashing())
	ctx := context.Background()
	m, err := srv.Members.Setup(ctx, map[string]string{"login": "alice", "password": "alice-pass-1", "email": "alice@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	alice := services.Actor{ID: m.ID, Admin: true}
	card, err := srv.Cards.Create(ctx, alice, map[string]string{"slug": "alice", "name_ko": "앨리스", "name_en": "Alice"})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(srv.Cards.UpdateSettings(ctx, alice, card.ID, map[string]string{"slug": "alice", "published": "on"}))
	must(srv.Cards.UpdateProfile(ctx, alice, card.ID, map[string]string{"name_ko": "앨리스", "job_title": "개발자", "summary": "백업과 복원을 시험합니다."}))
	must(srv.Cards.AddSection(ctx, alice, card.ID, map[string]string{"kind": "skills", "title": "기술"}))
	must(srv.Cards.AddLink(ctx, alice, card.ID, map[string]string{"kind": "github", "url": "https://github.com/alice"}))
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	img.Set(1, 1, color.RGBA{255, 0, 0, 255})
	var photo bytes.Buffer
	must(png.Encode(&photo, img))
	must(srv.Cards.AttachFile(ctx, alice, card.ID, services.Photo, photo.Bytes()))
	must(srv.Cards.AttachFile(ctx, alice, card.ID, services.Resume, testutil.PDFText(t, "Alice", "Go developer")))
	secret, err := srv.Messages.Settings.SaveWebhook(ctx, m.ID, hook.url, "standard", false)
	must(err)
	hook.secret.Store(secret)
	for i := range 3 {
		srv.Views.Record(card.ID, "Mozilla/5.0")
		_, err := srv.Messages.Intake.Submit(ctx, messages.Contact{Card: "alice", Name: fmt.Sprintf("방문자 %d", i), Email: "v@example.com",
			Message: fmt.Sprintf("메시지 %d\n두 번째 줄", i), ClientIP: "192.0.2.1"})
		must(err)
	}
	must(srv.Views.Flush(ctx))
	return srv
}

func fetch(t *testing.T, srv *server.Server, path string) (int, []byte) {
	t.Helper()
	resp, err := srv.App.Test(httptest.NewRequest(http.MethodGet, path, nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// signIn posts the sign-in form as a browser would and reports where it was sent.
func signIn(t *testing.T, srv *server.Server, login, password string) string {
	t.Helper()
	resp, err := srv.App.Test(httptest.NewRequest(http.MethodGet, "/login", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	token := csrfField.FindSubmatch(b)
	if token == nil {
		t.Fatal("no CSRF token on /login")
	}
	form := url.Values{"login": {login}, "password": {password}, "_csrf": {string(token[1])}}
	req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range resp.Cookies() {
		req.AddCookie(c)
	}
	resp, err = srv.App.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.Header.Get("Location")
}

// tables reads a backup file's rows, table by table, as comparable text: times to the
// microsecond (MariaDB keeps no more) and booleans as numbers (MariaDB has none).
func tables(t *testing.T, file []byte) map[string][]string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	out := map[string][]string{}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(h.Name, "tables/") {
			continue
		}
		// A large table comes in parts: tables/uploads.jsonl, tables/uploads.jsonl.1, …
		name, _, _ := strings.Cut(strings.TrimPrefix(h.Name, "tables/"), ".jsonl")
		dec := json.NewDecoder(tr)
		dec.UseNumber()
		for {
			var row map[string]any
			if err := dec.Decode(&row); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatal(err)
			}
			for k, v := range row {
				switch x := v.(type) {
				case bool:
					row[k] = map[bool]int{true: 1, false: 0}[x]
				case map[string]any:
					if s, ok := x["$t"].(string); ok {
						ts, _ := time.Parse(time.RFC3339Nano, s)
						row[k] = ts.Truncate(time.Microsecond).Format(time.RFC3339Nano)
					}
				}
			}
			b, _ := json.Marshal(row)
			out[name] = append(out[name], string(b))
		}
	}
}

func writeBackup(t *testing.T, srv *server.Server) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := srv.Backups.Write(context.Background(), &buf, map[string]bool{"sessions": true, "counters": true, "chat": true}, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func restore(cfg *config.Config, file []byte, replace bool) error {
	ctx := context.Background()
	db, err := database.Open(ctx, cfg.Dialect, cfg.DSN)
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := migrations.New(db, cfg.MigrationLockFile())
	if err != nil {
		return err
	}
	_, err = backup.Restore(ctx, db, m, func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(file)), nil },
		backup.RestoreOptions{Replace: replace, Secret: cfg.SecretKey, Purpose: services.TokensPurpose, MaxLine: services.BackupMaxLine()})
	return err
}

func sameTables(t *testing.T, what string, a, b map[string][]string) {
	t.Helper()
	if len(a) != len(b) {
		t.Errorf("%s: %d tables, then %d", what, len(a), len(b))
	}
	for name, rows := range a {
		if len(rows) != len(b[name]) {
			t.Errorf("%s: table %s has %d rows, then %d", what, name, len(rows), len(b[name]))
			continue
		}
		for i := range rows {
			if rows[i] != b[name][i] {
				t.Errorf("%s: table %s row %d differs:\n%.300s\n%.300s", what, name, i, rows[i], b[name][i])
				break
			}
		}
	}
}

// A SQLite site backed up while it serves traffic, restored into MariaDB, holds every row
// of the file (uploads byte for byte), serves the same card, signs the same member in,
// opens the webhook's secret and delivers the messages that waited; and back again.
func TestBackupMovesASiteBetweenSQLiteAndMariaDB(t *testing.T) {
	lite := testutil.Config(t, "sqlite://"+filepath.ToSlash(filepath.Join(t.TempDir(), "a.db")))
	maria := testutil.Config(t, testutil.MariaDB(t))
	hook := newHookReceiver(t)
	src := populated(t, lite, hook)
	_, card := fetch(t, src, "/c/alice")
	// A file as large as an upload may be: written into a statement as hex it would pass
	// MariaDB's max_allowed_packet.
	big := make([]byte, 9<<20)
	for i := range big {
		big[i] = byte(i * 31 >> 3)
	}
	// Its name sorts first, so that the table's rows after it go to a second part of the file.
	if err := models.InsertUpload(context.Background(), src.DB, &models.Upload{Name: strings.Repeat("0", 32) + ".pdf",
		ContentType: "application/pdf", Body: big, CreatedAt: time.Now().UTC()}); err != nil {
		t.Fatal(err)
	}

	// Traffic while the backup reads: page views and new messages from visitors.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var sent atomic.Int64
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				fetch(t, src, "/c/alice")
				if _, err := src.Messages.Intake.Submit(context.Background(), messages.Contact{Card: "alice", Name: "동시 방문자",
					Email: "busy@example.com", Message: fmt.Sprintf("during the backup %d", i), ClientIP: fmt.Sprintf("198.51.100.%d", i%250)}); err == nil {
					sent.Add(1)
				}
			}
		}()
	}
	for deadline := time.Now().Add(10 * time.Second); sent.Load() < 2; {
		if time.Now().After(deadline) {
			t.Fatal("no traffic reached the site")
		}
		time.Sleep(5 * time.Millisecond) // polling for the traffic to start, not timing it
	}
	file := writeBackup(t, src)
	close(stop)
	wg.Wait()
	fromLite := tables(t, file)
	// A snapshot: every message in the file has its deliveries in the file too.
	if len(fromLite["deliveries"]) < len(fromLite["messages"]) || len(fromLite["messages"]) < 3 || len(fromLite["uploads"]) != 3 {
		t.Fatalf("file: %d messages, %d deliveries, %d uploads", len(fromLite["messages"]), len(fromLite["deliveries"]), len(fromLite["uploads"]))
	}
	t.Logf("%d messages sent during the backup; %d in the file", sent.Load(), len(fromLite["messages"]))
	if !entryNamed(t, file, "tables/uploads.jsonl.1") {
		t.Error("the uploads are not in two parts: the test does not read a table in parts")
	}

	if err := restore(maria, file, false); err != nil {
		t.Fatalf("restore into MariaDB: %v", err)
	}
	maria.WebhookAllowPrivate = true
	fake := testutil.FakeKakao(t, maria, &testutil.Clock{})
	dst := testsite.Server(t, maria, server.WithFastPasswordHashing())
	sameTables(t, "SQLite → MariaDB", fromLite, tables(t, writeBackup(t, dst)))

	if status, got := fetch(t, dst, "/c/alice"); status != http.StatusOK || !bytes.Equal(got, card) {
		t.Errorf("the restored card differs (%d, %d bytes, was %d)", status, len(got), len(card))
	}
	var photo string
	if m := regexpMedia.FindSubmatch(card); m != nil {
		photo = string(m[0])
	}
	_, before := fetch(t, src, photo)
	if status, after := fetch(t, dst, photo); photo == "" || status != http.StatusOK || !bytes.Equal(before, after) {
		t.Errorf("photo %q: %d, %d bytes (was %d)", photo, status, len(after), len(before))
	}
	if to := signIn(t, dst, "alice", "alice-pass-1"); !strings.HasPrefix(to, "/admin") {
		t.Errorf("alice's sign-in on the restored site went to %q", to)
	}
	// The webhook's secret still opens under the same SECRET_KEY: the waiting posts go
	// out signed with it. KakaoTalk connects, and what waited for it is delivered.
	ctx := context.Background()
	if _, err := dst.Messages.Worker.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	if got := hook.valid.Load(); got != int64(len(fromLite["messages"])) {
		t.Errorf("%d signed posts verified, want %d", got, len(fromLite["messages"]))
	}
	alice, _ := models.MemberByLogin(ctx, dst.DB, "alice")
	u, _ := dst.Messages.Account.AuthorizeURL("st")
	if err := dst.Messages.Account.Connect(ctx, alice.ID, testutil.Authorize(t, u).Query().Get("code")); err != nil {
		t.Fatal(err)
	}
	if _, err := dst.Messages.Worker.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	if got := len(fake.Memos()); got != len(fromLite["messages"]) {
		t.Errorf("%d memos after connecting, want %d", got, len(fromLite["messages"]))
	}

	// And back: MariaDB → a new SQLite file.
	back := writeBackup(t, dst)
	lite2 := testutil.Config(t, "sqlite://"+filepath.ToSlash(filepath.Join(t.TempDir(), "b.db")))
	if err := restore(lite2, back, false); err != nil {
		t.Fatalf("restore into SQLite: %v", err)
	}
	again := testsite.Server(t, lite2)
	sameTables(t, "MariaDB → SQLite", tables(t, back), tables(t, writeBackup(t, again)))
	if _, got := fetch(t, again, "/c/alice"); !bytes.Equal(got, card) {
		t.Error("the card restored into SQLite differs")
	}
}

// entryNamed reports whether the backup file has an entry of that name.
func entryNamed(t *testing.T, file []byte, name string) bool {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err != nil {
			return false
		}
		if h.Name == name {
			return true
		}
	}
}

// rewrite copies a backup file, changing what edit says for each entry.
func rewrite(t *testing.T, file []byte, edit func(name string, body []byte) []byte) []byte {
	t.Helper()
	zr, _ := gzip.NewReader(bytes.NewReader(file))
	tr := tar.NewReader(zr)
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	tw := tar.NewWriter(zw)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(tr)
		body = edit(h.Name, body)
		h.Size = int64(len(body))
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		tw.Write(body) //nolint:errcheck // a buffer
	}
	tw.Close()
	zw.Close()
	return out.Bytes()
}

// A damaged, truncated, foreign or too new file, a different SECRET_KEY, or a database
// that holds a site: each is refused with its reason, and nothing is written.
func TestRestoreRefusals(t *testing.T) {
	lite := testutil.Config(t, "sqlite://"+filepath.ToSlash(filepath.Join(t.TempDir(), "a.db")))
	src := populated(t, lite, newHookReceiver(t))
	file := writeBackup(t, src)

	fresh := func() *config.Config {
		return testutil.Config(t, "sqlite://"+filepath.ToSlash(filepath.Join(t.TempDir(), "fresh.db")))
	}
	untouched := func(cfg *config.Config, what string) {
		t.Helper()
		db, err := database.Open(context.Background(), cfg.Dialect, cfg.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		if err := db.NewRaw("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").Scan(context.Background(), &n); err != nil || n != 0 {
			t.Errorf("%s: the database has %d tables after a refused restore (%v)", what, n, err)
		}
	}
	tampered := rewrite(t, file, func(name string, body []byte) []byte {
		if name == "tables/messages.jsonl" {
			return bytes.Replace(body, []byte("메시지 1"), []byte("메시지 X"), 1)
		}
		return body
	})
	newer := rewrite(t, file, func(name string, body []byte) []byte {
		if name == "header.json" {
			var h map[string]any
			json.Unmarshal(body, &h) //nolint:errcheck // our own header
			h["schema"] = "29991231000000_future"
			b, _ := json.Marshal(h)
			return b
		}
		return body
	})
	for what, c := range map[string]struct {
		file []byte
		want string
	}{
		"truncated":        {file[:len(file)/2], "damaged"},
		"a flipped byte":   {append(append(bytes.Clone(file[:len(file)-40]), file[len(file)-40]^0xff), file[len(file)-39:]...), "damaged"},
		"a tampered table": {tampered, "damaged in table messages"},
		"not a backup":     {[]byte("hello, world"), "not a sitecard backup"},
		"a newer schema":   {newer, "newer sitecard"},
	} {
		cfg := fresh()
		err := restore(cfg, c.file, false)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", what, err, c.want)
		}
		untouched(cfg, what)
	}

	other := fresh()
	other.SecretKey = []byte("another-secret-key-another-secret-key-0123")
	if err := restore(other, file, false); !errors.Is(err, backup.ErrWrongKey) {
		t.Errorf("another SECRET_KEY: %v", err)
	}
	untouched(other, "another SECRET_KEY")

	// A database that holds a site is refused, unless told to replace it; one that only
	// has the demo card a first start seeds is not a site.
	if err := restore(lite, file, false); !errors.Is(err, backup.ErrNotEmpty) {
		t.Errorf("over a site: %v", err)
	}
	seeded := fresh()
	testsite.Server(t, seeded).Close() //nolint:errcheck // started once: migrated, demo card
	if err := restore(seeded, file, false); err != nil {
		t.Errorf("over a fresh start's demo card: %v", err)
	}
	if _, err := src.Messages.Intake.Submit(context.Background(), messages.Contact{Card: "alice", Name: "after", Email: "a@example.com",
		Message: "written after the backup", ClientIP: "192.0.2.9"}); err != nil {
		t.Fatal(err)
	}
	if err := restore(lite, file, true); err != nil {
		t.Fatalf("--replace: %v", err)
	}
	if n, _ := models.CountMessages(context.Background(), src.DB, 0, false, 100); n != len(tables(t, file)["messages"]) {
		t.Errorf("after --replace: %d messages, want the file's %d", n, len(tables(t, file)["messages"]))
	}
}

// A file written under an older schema is loaded into that schema, then migrated: the
// messages of a site from before channels get their KakaoTalk deliveries.
func TestRestoreMigratesAnOlderSchemaForward(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		old := testutil.Config(t, "sqlite://"+filepath.ToSlash(filepath.Join(t.TempDir(), "old.db")))
		ctx := context.Background()
		db, err := database.Open(ctx, old.Dialect, old.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		m, _ := migrations.New(db, old.MigrationLockFile())
		const before = "20261128000006_resume_links"
		if err := m.UpTo(ctx, before); err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		if _, err := db.NewRaw(`INSERT INTO messages (name, email, body, client_ip, state, attempts, last_error, created_at, updated_at)
			VALUES ('옛 방문자', 'old@example.com', '채널 이전의 메시지', '', 'waiting', 0, '', ?, ?)`, now, now).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		var file bytes.Buffer
		if _, err := backup.Write(ctx, db, &file, backup.Options{Secret: old.SecretKey, Purpose: services.TokensPurpose, Schema: before}); err != nil {
			t.Fatal(err)
		}
		if err := restore(cfg, file.Bytes(), false); err != nil {
			t.Fatal(err)
		}
		srv := testsite.Server(t, cfg)
		var ds []models.Delivery
		if err := srv.DB.NewSelect().Model(&ds).Scan(ctx); err != nil || len(ds) != 1 || ds[0].Channel != "kakao" || ds[0].State != "waiting" {
			t.Errorf("deliveries after migrating forward: %+v %v", ds, err)
		}
	})
}

// The commands: a backup to a file and to stdout, restored from a file and from stdin.
func TestBackupAndRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	src := testutil.Config(t, "sqlite://"+filepath.ToSlash(filepath.Join(dir, "src.db")))
	populated(t, src, newHookReceiver(t))
	ctx := context.Background()
	devnull, _ := os.Open(os.DevNull)
	defer devnull.Close()
	name := filepath.Join(dir, "site.tar.gz")
	if err := Backup(ctx, src, []string{"--with-sessions", name}, io.Discard, devnull); err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	if err := Backup(ctx, src, []string{"-"}, &stdout, devnull); err != nil {
		t.Fatal(err)
	}
	file, _ := os.ReadFile(name)
	if len(tables(t, file)["sessions"]) == 0 && len(tables(t, stdout.Bytes())["sessions"]) != 0 {
		t.Error("--with-sessions left the sessions out while stdout has them")
	}
	if _, ok := tables(t, stdout.Bytes())["sessions"]; ok {
		t.Error("sessions in a backup not asked for them")
	}
	to := testutil.Config(t, "sqlite://"+filepath.ToSlash(filepath.Join(dir, "to.db")))
	if err := Restore(ctx, to, testutil.Logger(), []string{name}, nil, devnull); err != nil {
		t.Fatal(err)
	}
	if err := Restore(ctx, to, testutil.Logger(), []string{"-"}, bytes.NewReader(stdout.Bytes()), devnull); !errors.Is(err, backup.ErrNotEmpty) {
		t.Errorf("restore over the restored site: %v", err)
	}
	if err := Restore(ctx, to, testutil.Logger(), []string{"--replace", "-"}, bytes.NewReader(stdout.Bytes()), devnull); err != nil {
		t.Errorf("restore --replace from stdin: %v", err)
	}
	if last, err := testsite.Server(t, src).Backups.Last(ctx); err != nil || last == nil {
		t.Errorf("the last backup's time: %v %v", last, err)
	}
}

// While a backup reads, the site writes without waiting for it, and what it writes is not
// in the file: the file is the moment the backup began.
func TestBackupNeitherBlocksWritersNorSeesThem(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		src := populated(t, cfg, newHookReceiver(t))
		ctx := context.Background()
		before, err := models.CountMessages(ctx, src.DB, 0, false, 1000)
		if err != nil {
			t.Fatal(err)
		}
		wrote := false
		var buf bytes.Buffer
		_, err = src.Backups.Write(ctx, &buf, nil, func(table string, rows, bytes int64) {
			if wrote {
				return
			}
			wrote = true
			// Mid-backup: a visitor's message must be stored at once, not after the backup.
			wctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
			if _, err := src.Messages.Intake.Submit(wctx, messages.Contact{Card: "alice", Name: "중간", Email: "mid@example.com",
				Message: "written while the backup reads", ClientIP: "203.0.113.7"}); err != nil {
				t.Errorf("a write during the backup: %v", err)
			}
		})
		if err != nil || !wrote {
			t.Fatalf("backup: %v (progress told: %v)", err, wrote)
		}
		if got := len(tables(t, buf.Bytes())["messages"]); got != before {
			t.Errorf("%d messages in the file, want the %d from before the write", got, before)
		}
		if after, _ := models.CountMessages(ctx, src.DB, 0, false, 1000); after != before+1 {
			t.Errorf("%d messages after, want %d", after, before+1)
		}
	})
}

// syncBuffer is a buffer a command writes to while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// "sitecard mail-fake" takes the site's mail over STARTTLS and prints it readable: the
// subject decoded, the visitor as Reply-To, the text part whole.
func TestMailFakePrintsWhatTheSiteMails(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+filepath.ToSlash(filepath.Join(t.TempDir(), "m.db")))
	cfg.SMTP.FakeAddr = "127.0.0.1:" + freePort(t)
	out := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- MailFake(ctx, cfg, testutil.Logger(), out) }()
	defer func() { cancel(); <-done }()
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(out.String(), "SMTP_URL="); {
		if time.Now().After(deadline) {
			t.Fatal("mail-fake did not start")
		}
		time.Sleep(10 * time.Millisecond) // polling for the start, not timing it
	}
	u, _ := url.Parse("smtp://site:secret@" + cfg.SMTP.FakeAddr + "?insecure=1")
	m := &mailer.Mail{From: mailer.Address("sitecard", "card@example.com"), To: mailer.Address("", "alice@example.com"),
		ReplyTo: mailer.Address("방문자", "v@example.org"), Subject: "새 메시지 — /c/alice", Text: "첫 줄\n" + strings.Repeat("긴 줄 ", 40), HTML: "<p>x</p>"}
	if err := mailer.New(u, true).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Subject: 새 메시지 — /c/alice", "Reply-To: 방문자 <v@example.org>", "첫 줄\n" + strings.Repeat("긴 줄 ", 40)} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the output lacks %q:\n%s", want, out.String())
		}
	}
}
