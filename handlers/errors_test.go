package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"sitecard/handlers"
	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/services"
)

// faultSite is a fixture whose MariaDB sits behind a proxy the test can cut or freeze.
func faultSite(t *testing.T, configure ...func(*config.Config)) (*fixture, *testutil.DBProxy) {
	t.Helper()
	u, err := url.Parse(testutil.MariaDB(t))
	if err != nil {
		t.Fatal(err)
	}
	proxy := testutil.NewDBProxy(t, u.Host)
	u.Host = proxy.Addr()
	cfg := testutil.Config(t, u.String())
	cfg.DBTimeout = 1500 * time.Millisecond
	for _, c := range configure {
		c(cfg)
	}
	return newFixture(t, cfg), proxy
}

func countAllMessages(t *testing.T, f *fixture) int {
	t.Helper()
	n, err := f.srv.DB.NewSelect().Table("messages").Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// With the database gone, every request says so clearly, in its own form: a 503 with a
// translated reason, as JSON, page or fragment; never a 422, a CSRF 403, a 500 or a trip
// to the sign-in page. Cached cards are still served, /readyz says 503 at once, and all
// comes back by itself.
func TestDatabaseDownAnswers503(t *testing.T) {
	f, proxy := faultSite(t)
	admin := newClient(t, f.srv)
	admin.login("admin", adminPassword)
	visitor := newClient(t, f.srv)
	visitor.get("/c/alice/contact")
	if r := do(t, f.srv, "GET", "/"); r.status != 200 {
		t.Fatalf("warm the cache: %d", r.status)
	}
	proxy.Cut()
	admin.dbDown, visitor.dbDown = true, true

	if r := postJSON(t, f.srv, `{"name":"a","email":"a@b.co","message":"m","card":"alice"}`); r.status != 503 || !strings.Contains(r.body, `"code":503`) {
		t.Errorf("JSON API: %d %s", r.status, r.body)
	}
	r := visitor.post("/contact", url.Values{"card": {"alice"}, "name": {"a"}, "email": {"a@b.co"}, "message": {"m"}, "t": {"1.x"}}, "HX-Request", "true")
	if r.status != 503 || !strings.Contains(r.body, "데이터베이스에 연결할 수 없습니다") {
		t.Errorf("contact form: %d %.200s", r.status, r.body)
	}
	// The chat form, plain and htmx: the database's fault, not "not found".
	for _, hx := range []string{"false", "true"} {
		r := visitor.post("/chat", url.Values{"card": {"alice"}, "question": {"email?"}}, "HX-Request", hx)
		if r.status != 503 || !strings.Contains(r.body, "데이터베이스에 연결할 수 없습니다") {
			t.Errorf("chat form (htmx %s): %d %.200s", hx, r.status, r.body)
		}
	}
	for _, p := range []string{"/c/alice", "/c/alice/vcard.vcf", "/sitemap.xml", "/c/alice/contact", "/c/alice/chat"} {
		if r := do(t, f.srv, "GET", p); r.status != 503 || !strings.Contains(r.body, "데이터베이스에 연결할 수 없습니다") {
			t.Errorf("%s: %d %.120s", p, r.status, r.body)
		}
	}
	if r := admin.get("/admin"); r.status != 503 {
		t.Errorf("a signed-in admin: %d %q", r.status, r.header.Get("Location"))
	}
	if r := do(t, f.srv, "GET", "/"); r.status != 200 || !strings.Contains(r.body, "홍길동") {
		t.Errorf("the cached card: %d", r.status)
	}
	if r := do(t, f.srv, "GET", "/readyz"); r.status != 503 {
		t.Errorf("readyz: %d", r.status)
	}

	proxy.Restore()
	deadline := time.Now().Add(10 * time.Second)
	for do(t, f.srv, "GET", "/readyz").status != 200 {
		if time.Now().After(deadline) {
			t.Fatal("the site did not come back with the database")
		}
		time.Sleep(50 * time.Millisecond) // polling with a deadline
	}
	if r := admin.get("/admin"); r.status != 200 {
		t.Errorf("the admin after the database came back: %d", r.status)
	}
	if r := postJSON(t, f.srv, `{"name":"a","email":"a@b.co","message":"m","card":"alice"}`); r.status != 200 {
		t.Errorf("the API after the database came back: %d", r.status)
	}
}

// With the database frozen, a message is answered 503 within DB_TIMEOUT and is not stored
// after the client gave up; a retry with the same Idempotency-Key stores it exactly once.
func TestFrozenDatabaseStoresNothingLateAndRetriesOnce(t *testing.T) {
	f, proxy := faultSite(t)
	before := countAllMessages(t, f)
	body := `{"name":"a","email":"a@b.co","message":"frozen","card":"alice"}`
	proxy.Freeze()
	if r := postJSON(t, f.srv, body, "Idempotency-Key", "retry-42"); r.status != 503 {
		t.Errorf("frozen: %d %s", r.status, r.body)
	}
	proxy.Restore()
	if n := countAllMessages(t, f); n != before {
		t.Fatalf("%d messages were stored after the 503", n-before)
	}
	var ids []string
	for range 2 {
		r := postJSON(t, f.srv, body, "Idempotency-Key", "retry-42")
		if r.status != http.StatusOK {
			t.Fatalf("retry: %d %s", r.status, r.body)
		}
		ids = append(ids, r.body[strings.Index(r.body, `"id":`):])
	}
	if ids[0] != ids[1] {
		t.Errorf("two retries, two messages: %v", ids)
	}
	if n := countAllMessages(t, f); n != before+1 {
		t.Errorf("%d messages stored, want 1", n-before)
	}
}

// rawKey finds what looks like a translation key ("error.title", "kakao.x.y"): a word of
// one of the catalog's key prefixes, a dot, and more. Shown, it means a text was never
// translated (T shows a missing key as itself).
func rawKey(t *testing.T) *regexp.Regexp {
	t.Helper()
	prefixes := map[string]bool{}
	for _, k := range catalogKeys(t) {
		prefixes[regexp.QuoteMeta(k[:strings.Index(k, ".")])] = true
	}
	return regexp.MustCompile(`(^|[^\w.@/])(` + strings.Join(slices.Collect(maps.Keys(prefixes)), "|") + `)\.[a-z0-9_.]*[a-z0-9_]`)
}

// catalogKeys are the translation keys with a dot ("error.title").
func catalogKeys(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile("../internal/i18n/ko.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range m {
		if strings.Contains(k, ".") {
			keys = append(keys, k)
		}
	}
	return keys
}

// englishSentence finds English prose: three English words in a row.
var englishSentence = regexp.MustCompile(`(?i)\b[a-z]{2,}\s+[a-z]{2,}\s+[a-z]{2,}\b`)

// Every error a person can meet, in Korean and in English: each reads as a sentence of
// its language, with no translation key shown raw and, on a Korean page, no English.
func TestErrorPagesSpeakThePagesLanguage(t *testing.T) {
	t.Parallel()
	d := kakaoPanelDeps(&fakeKakao{off: true}) // as the full-stack fixture: no KAKAO_REST_API_KEY
	d.Cards, d.Views, d.Intake = othersCards{publicCards()}, quietViews{}, &fakeIntake{}
	f := fixture{srv: alone(t, d), cardID: 1}
	key := rawKey(t)
	for _, lang := range []string{"ko", "en"} {
		t.Run(lang, func(t *testing.T) {
			accept := []string{"Accept-Language", lang}
			anon := newClient(t, f.srv)
			anon.get("/login", accept...)
			bob := newClient(t, f.srv)
			bob.signIn("bob", "bob-pass-1", "")
			pages := map[string]response{
				"404 unknown card":             anon.get("/c/no-such-card", accept...),
				"404 unknown page":             anon.get("/no/such/page", accept...),
				"401 sign in first":            anon.post("/admin/account", url.Values{"display_name": {"x"}}, accept...),
				"403 CSRF":                     anon.post("/login", url.Values{"_csrf": {"forged"}, "login": {"a"}}, accept...),
				"403 another member's card":    bob.get("/admin/cards/"+itoa(f.cardID), accept...),
				"403 admins only":              bob.get("/admin/members", accept...),
				"422 unknown card on the form": anon.post("/contact", url.Values{"card": {"Not A Slug!"}, "message": {"hi"}}, accept...),
				"400 a callback without state": bob.get("/admin/kakao/callback?code=x", accept...),
				"panel with ?done= unknown":    bob.get("/admin/kakao?done=kakao.evil", accept...),
			}
			for name, r := range pages {
				if r.status == http.StatusOK && !strings.HasPrefix(name, "panel") {
					t.Errorf("%s: status 200", name)
				}
				// Each is the page of its own status, not a 500 of something else.
				if code, _, _ := strings.Cut(name, " "); code == "panel" && r.status != http.StatusOK || code != "panel" && strconv.Itoa(r.status) != code {
					t.Errorf("%s: status %d", name, r.status)
				}
				text := visibleText(r.body)
				if strings.TrimSpace(text) == "" {
					t.Errorf("%s (%d): an empty page", name, r.status)
				}
				if m := key.FindString(text); m != "" {
					t.Errorf("%s (%d) shows a translation key: %q", name, r.status, m)
				}
				if lang == "ko" {
					for _, own := range []string{"sitecard", "KakaoTalk", "Kakao"} {
						text = strings.ReplaceAll(text, own, "")
					}
					if m := englishSentence.FindString(text); m != "" {
						t.Errorf("%s (%d) shows English on a Korean page: %q", name, r.status, m)
					}
				}
			}
		})
	}
}

// A NUL byte reaches no query: API bodies are refused with a reason, filters ignore it,
// on both databases; never a 500.
func TestNULInParametersIsNeverA500(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		admin := newClient(t, f.srv)
		admin.login("admin", adminPassword)
		cases := []struct {
			name string
			r    response
			want []int
		}{
			{"contact API card", postJSONTo(t, f.srv, "/kakao/", `{"name":"n","email":"v@example.com","message":"hi","card":"\u0000"}`), []int{422}},
			{"chat API card", postJSONTo(t, f.srv, "/chat/", `{"question":"email?","card":"a\u0000b"}`), []int{404}},
			{"members search", admin.get("/admin/members?q=%00"), []int{200}},
			{"inbox filter", admin.get("/admin/messages?state=%00"), []int{200}},
		}
		for _, c := range cases {
			if !slices.Contains(c.want, c.r.status) {
				t.Errorf("%s: %d, want %v (%.200s)", c.name, c.r.status, c.want, c.r.body)
			}
		}
	})
}

// A form far larger than any the site shows is refused before it is parsed: 413 on the
// visitor forms and sign-in (64 KB), and on the dashboard's forms; uploads still
// take their file.
func TestOversizedFormsAreRefusedBeforeParsing(t *testing.T) {
	t.Parallel()
	cards := &savingCards{}
	srv := alone(t, dashboardDeps(handlers.Deps{Cards: cards}))
	anon := newClient(t, srv)
	anon.get("/login")
	many := url.Values{}
	for i := range 20000 {
		many.Set("f"+strconv.Itoa(i), "x")
	}
	for _, p := range []string{"/contact", "/login", "/chat"} {
		if r := anon.post(p, many); r.status != http.StatusRequestEntityTooLarge {
			t.Errorf("POST %s with 20,000 fields: %d, want 413", p, r.status)
		}
	}
	// Small in bytes, costly in fields: 5,000 one-letter fields are 20 KB.
	short := url.Values{}
	for i := range 5000 {
		short.Set(strconv.Itoa(i), "")
	}
	for _, p := range []string{"/contact", "/login", "/chat"} {
		if r := anon.post(p, short); r.status != http.StatusRequestEntityTooLarge {
			t.Errorf("POST %s with 5,000 short fields: %d, want 413", p, r.status)
		}
	}
	alice := newClient(t, srv)
	alice.signIn("alice", "alice-pass-1", "/admin")
	card := "/admin/cards/5"
	if r := alice.post(card+"/profile", short); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("a profile form of 5,000 fields: %d, want 413", r.status)
	}
	var parts bytes.Buffer
	w := multipart.NewWriter(&parts)
	w.WriteField("_csrf", alice.csrf) //nolint:errcheck // writes to a bytes.Buffer
	for i := range 1000 {
		w.WriteField(strconv.Itoa(i), "") //nolint:errcheck
	}
	w.Close() //nolint:errcheck
	req := httptest.NewRequest("POST", card+"/photo", &parts)
	req.Header.Set("Content-Type", w.FormDataContentType())
	if r := alice.send(req); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("an upload of 1,000 parts: %d, want 413", r.status)
	}
	big := url.Values{"name_ko": {strings.Repeat("가", 100000)}}
	if r := alice.post(card+"/profile", big); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("a 300 KB profile form: %d, want 413", r.status)
	}
	if r := alice.upload(card+"/photo", "photo", "me.png", pngBytes(t)); r.status != http.StatusSeeOther {
		t.Errorf("a photo upload: %d", r.status)
	}
	if r := alice.post(card+"/profile", url.Values{"name_ko": {"앨리스"}}); r.status != http.StatusSeeOther {
		t.Errorf("a small form after an upload: %d", r.status)
	}
	if got := cards.kept(); !slices.Equal(got, []string{fmt.Sprint(services.Photo) + " 5", "profile 5"}) {
		t.Errorf("the service took %q, want only the photo and the small form", got)
	}
}

// The 403 page has a heading and a reason, not one sentence twice.
func TestForbiddenPageSaysWhy(t *testing.T) {
	t.Parallel()
	alice := newClient(t, alone(t, signedInDeps(handlers.Deps{})))
	alice.signIn("alice", "alice-pass-1", "")
	r := alice.get("/admin/members")
	h1 := regexp.MustCompile(`<h1>([^<]*)</h1>\s*<p>([^<]*)</p>`).FindStringSubmatch(r.body)
	if r.status != 403 || h1 == nil || strings.Contains(h1[2], h1[1]) || !strings.Contains(h1[2], "권한이 없습니다") {
		t.Errorf("403 page: %d %q", r.status, h1)
	}
}
