package handlers_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"sitecard/internal/config"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/services"
)

const adminPassword = "admin-pass-1"

// fixture is a site with an admin, two members and a card of alice's with content.
type fixture struct {
	srv                               *server.Server
	adminID, aliceID, bobID           int64
	cardID, sectionID, itemID, linkID int64
	demoCardID                        int64
}

func newFixture(t *testing.T, cfg *config.Config) *fixture {
	t.Helper()
	return newFixtureWith(t, cfg)
}

func newFixtureWith(t *testing.T, cfg *config.Config, opts ...server.Option) *fixture {
	t.Helper()
	cfg.AdminLogin, cfg.AdminPassword = "admin", adminPassword
	srv := testutil.Server(t, cfg, append(opts, server.WithFastPasswordHashing())...)
	ctx := context.Background()
	f := &fixture{srv: srv}
	root := services.Actor{ID: 1, Admin: true}
	for _, login := range []string{"alice", "bob"} {
		m, err := srv.Members.Create(ctx, root, map[string]string{"login": login, "password": login + "-pass-1", "display_name": login})
		if err != nil {
			t.Fatal(err)
		}
		if login == "alice" {
			f.aliceID = m.ID
		} else {
			f.bobID = m.ID
		}
	}
	alice := services.Actor{ID: f.aliceID}
	card, err := srv.Cards.Create(ctx, alice, map[string]string{"slug": "alice", "name_ko": "앨리스"})
	if err != nil {
		t.Fatal(err)
	}
	f.cardID = card.ID
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(srv.Cards.AddSection(ctx, alice, card.ID, map[string]string{"kind": "skills", "title": "Skills"}))
	must(srv.Cards.AddLink(ctx, alice, card.ID, map[string]string{"kind": "github", "url": "https://github.com/alice"}))
	full, err := srv.Cards.Editable(ctx, alice, card.ID)
	must(err)
	f.sectionID, f.linkID = full.Sections[0].ID, full.Links[0].ID
	for _, skill := range []string{"Go", "SQL"} {
		_, err := srv.Cards.AddItem(ctx, alice, f.sectionID, map[string]string{"title": skill, "percent": "80"})
		must(err)
	}
	full, err = srv.Cards.Editable(ctx, alice, card.ID)
	must(err)
	f.itemID = full.Sections[0].Items[0].ID
	must(srv.Cards.UpdateSettings(ctx, alice, card.ID, map[string]string{"slug": "alice", "published": "on"}))
	admin, err := srv.Members.Get(ctx, 1)
	must(err)
	f.adminID = admin.ID
	cards, err := srv.Cards.CardsOf(ctx, services.Actor{ID: f.adminID})
	must(err)
	if len(cards) != 1 || cards[0].Slug != "demo" {
		t.Fatalf("the first admin should own the demo card, owns %v", cards)
	}
	f.demoCardID = cards[0].ID
	return f
}

type route struct {
	method, path string
	form         url.Values
}

// The matrix covers every dashboard route. Each role runs on a fresh site, so the
// changes one allowed role makes cannot hide a refusal in another.
func TestAuthorizationMatrix(t *testing.T) {
	{
		routes := func(f *fixture) []route {
			card := fmt.Sprintf("/admin/cards/%d", f.cardID)
			sec := fmt.Sprintf("/admin/sections/%d", f.sectionID)
			item := fmt.Sprintf("/admin/items/%d", f.itemID)
			link := fmt.Sprintf("/admin/links/%d", f.linkID)
			bob := fmt.Sprintf("/admin/members/%d", f.bobID)
			return []route{
				{"GET", "/admin", nil},
				{"GET", "/admin/account", nil},
				{"GET", card, nil},
				{"POST", card + "/profile", url.Values{"name_ko": {"앨리스 2"}}},
				{"POST", card + "/settings", url.Values{"slug": {"alice2"}, "published": {"on"}}},
				{"POST", card + "/sections", url.Values{"kind": {"work"}}},
				{"POST", sec, url.Values{"kind": {"skills"}, "title": {"Tools"}}},
				{"POST", sec + "/move", url.Values{"dir": {"down"}}},
				{"POST", sec + "/items", url.Values{"title": {"Rust"}, "percent": {"50"}}},
				{"POST", item, url.Values{"title": {"Go!"}, "percent": {"90"}}},
				{"POST", item + "/move", url.Values{"dir": {"down"}}},
				{"POST", card + "/links", url.Values{"kind": {"blog"}, "url": {"https://blog.example"}}},
				{"POST", link, url.Values{"kind": {"github"}, "url": {"https://github.com/a"}}},
				{"POST", link + "/move", url.Values{"dir": {"up"}}},
				{"POST", item + "/delete", nil},
				{"POST", link + "/delete", nil},
				{"POST", sec + "/delete", nil},
				{"POST", card + "/primary", nil},
				{"GET", "/admin/members", nil},
				{"POST", "/admin/members", url.Values{"login": {"carol"}, "password": {"carol-pass-1"}}},
				{"POST", bob + "/role", url.Values{"role": {"admin"}}},
				{"POST", bob + "/disable", nil},
				{"POST", bob + "/enable", nil},
				{"POST", bob + "/delete", nil},
				{"POST", card + "/delete", nil},
			}
		}
		// Expected status per role: owner is alice (the card's owner), other is bob.
		allowedForOwner := func(r route) bool {
			return !strings.HasPrefix(r.path, "/admin/members") && !strings.HasSuffix(r.path, "/primary")
		}
		for _, role := range []string{"anonymous", "owner", "other", "admin"} {
			t.Run(role, func(t *testing.T) {
				testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
					f := newFixture(t, cfg)
					c := newClient(t, f.srv)
					switch role {
					case "anonymous":
						c.get("/login") // a valid CSRF token, so that the sign-in check is what refuses
					case "owner":
						c.login("alice", "alice-pass-1")
					case "other":
						c.login("bob", "bob-pass-1")
					case "admin":
						c.login("admin", adminPassword)
					}
					for _, r := range routes(f) {
						var got response
						if r.method == "GET" {
							got = c.get(r.path)
						} else {
							got = c.post(r.path, r.form)
						}
						personal := r.path == "/admin" || r.path == "/admin/account"
						var want []int
						switch {
						case role == "anonymous" && r.method == "GET":
							want = []int{http.StatusSeeOther}
						case role == "anonymous":
							want = []int{http.StatusUnauthorized}
						case role == "admin", personal, role == "owner" && allowedForOwner(r):
							want = []int{http.StatusOK, http.StatusSeeOther}
						default:
							want = []int{http.StatusForbidden}
						}
						ok := false
						for _, w := range want {
							ok = ok || got.status == w
						}
						if !ok {
							t.Errorf("%s %s %s: status %d, want %v (body %.200q)", role, r.method, r.path, got.status, want, got.body)
						}
						if role == "anonymous" && r.method == "GET" && !strings.HasPrefix(got.header.Get("Location"), "/login?next=") {
							t.Errorf("anonymous GET %s redirected to %q", r.path, got.header.Get("Location"))
						}
					}
				})
			})
		}
	}
}

func TestCSRFRefusals(t *testing.T) {
	srv := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")).srv
	c := newClient(t, srv)
	c.login("alice", "alice-pass-1")
	form := url.Values{"display_name": {"Alice"}, "email": {"alice@example.com"}}
	for name, token := range map[string]string{"missing": "", "wrong": "not-the-token"} {
		f := url.Values{"_csrf": {token}}
		for k, v := range form {
			f[k] = v
		}
		if r := c.post("/admin/account", f); r.status != http.StatusForbidden || !strings.Contains(r.body, "요청을 확인할 수 없습니다") {
			t.Errorf("%s token: status %d, want 403 with an explanation", name, r.status)
		}
	}
	if r := c.post("/logout", url.Values{"_csrf": {""}}); r.status != http.StatusForbidden {
		t.Errorf("logout without token: %d, want 403", r.status)
	}
	// htmx sends the token as a header instead of a field.
	f := url.Values{"_csrf": {""}, "display_name": {"Alice H"}, "email": {"alice@example.com"}}
	if r := c.post("/admin/account", f, "X-CSRF-Token", c.csrf, "HX-Request", "true"); r.status >= 400 {
		t.Errorf("header token refused: %d", r.status)
	}
	if r := c.post("/admin/account", form); r.status != http.StatusSeeOther {
		t.Errorf("form token refused: %d", r.status)
	}
	// Every page carries the token for htmx and plain forms.
	page := c.get("/admin")
	mustContain(t, "dashboard", page.body, `<meta name="csrf-token" content="`+c.csrf+`">`, `hx-headers='{"X-CSRF-Token":"`+c.csrf+`"}'`)
	if r := c.get("/admin"); r.header.Get("Referrer-Policy") != "same-origin" {
		t.Error("Referrer-Policy is not same-origin")
	}
}

func TestSessionCookieAndRestart(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		c := newClient(t, f.srv)
		c.get("/login")
		before := c.cookies["sitecard_session"]
		req := c.post("/login", url.Values{"login": {"alice"}, "password": {"alice-pass-1"}})
		after := c.cookies["sitecard_session"]
		if after == "" || after == before {
			t.Fatalf("session id not regenerated at login (%q → %q)", before, after)
		}
		setCookie := strings.Join(req.header.Values("Set-Cookie"), "\n")
		if !strings.Contains(setCookie, "HttpOnly") || !strings.Contains(strings.ToLower(setCookie), "samesite=lax") {
			t.Errorf("session cookie flags: %s", setCookie)
		}
		// A second instance on the same database (or this one after a restart) knows it.
		other := testutil.Server(t, cfg, server.WithFastPasswordHashing())
		c2 := newClient(t, other)
		c2.cookies = c.cookies
		if r := c2.get("/admin"); r.status != 200 || !strings.Contains(r.body, "alice") {
			t.Fatalf("session lost across instances: status %d", r.status)
		}
		c.get("/admin")
		c.post("/logout", nil)
		if r := c2.get("/admin"); r.status != http.StatusSeeOther {
			t.Errorf("after logout the session still works elsewhere: %d", r.status)
		}
	})
}

func TestSecureCookieOverHTTPS(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	var err error
	if cfg.BaseURL, err = url.Parse("https://card.example.com"); err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, cfg)
	c := newClient(t, f.srv)
	r := c.get("/login")
	if sc := strings.Join(r.header.Values("Set-Cookie"), "\n"); !strings.Contains(sc, "secure") && !strings.Contains(sc, "Secure") {
		t.Errorf("cookies over https are not Secure: %s", sc)
	}
}

func TestLoginThrottling(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	c := newClient(t, f.srv)
	c.get("/login")
	for i := range 5 {
		r := c.post("/login", url.Values{"login": {"alice"}, "password": {"wrong"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "아이디 또는 비밀번호가 맞지 않습니다") {
			t.Fatalf("failure %d: status %d", i+1, r.status)
		}
	}
	r := c.post("/login", url.Values{"login": {"alice"}, "password": {"alice-pass-1"}})
	if r.status != http.StatusTooManyRequests || !strings.Contains(r.body, "로그인 시도가 너무 많습니다") {
		t.Fatalf("sixth try: status %d, want 429 with a clear message", r.status)
	}
	hx := c.post("/login", url.Values{"login": {"alice"}, "password": {"alice-pass-1"}}, "HX-Request", "true")
	if hx.status != http.StatusTooManyRequests || strings.Contains(hx.body, "<html") {
		t.Errorf("htmx throttled: status %d", hx.status)
	}
	// Another login from the same address is not affected.
	c2 := newClient(t, f.srv)
	c2.login("bob", "bob-pass-1")
}

func TestSetupOnlyWhileThereIsNoMember(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		srv := testutil.Server(t, cfg, server.WithFastPasswordHashing())
		c := newClient(t, srv)
		if r := c.get("/login"); r.status != http.StatusSeeOther || r.header.Get("Location") != "/setup" {
			t.Fatalf("login with no member: %d %q, want a redirect to /setup", r.status, r.header.Get("Location"))
		}
		r := c.get("/setup")
		if r.status != 200 || !strings.Contains(r.body, `name="login"`) {
			t.Fatalf("setup form: %d", r.status)
		}
		if r := c.post("/setup", url.Values{"login": {"Bad Login!"}, "password": {"short"}}); r.status != 422 ||
			!strings.Contains(r.body, "8자 이상") {
			t.Errorf("bad setup: status %d", r.status)
		}
		if r := c.post("/setup", url.Values{"login": {"owner"}, "password": {"owner-pass-1"}}); r.status != http.StatusSeeOther {
			t.Fatalf("setup: %d %.200s", r.status, r.body)
		}
		if r := c.get("/setup"); r.status != 404 {
			t.Errorf("setup after the first member: %d, want 404", r.status)
		}
		if r := c.post("/setup", url.Values{"login": {"intruder"}, "password": {"intruder-pass"}}); r.status != 404 {
			t.Errorf("second setup: %d, want 404", r.status)
		}
		c.login("owner", "owner-pass-1")
		if r := c.get("/admin"); !strings.Contains(r.body, `data-card="demo"`) {
			t.Error("the first admin does not own the demo card")
		}
	})
}

func TestLastAdminIsProtected(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		c := newClient(t, f.srv)
		c.login("admin", adminPassword)
		self := fmt.Sprintf("/admin/members/%d", f.adminID)
		for _, action := range []string{"/role", "/disable", "/delete"} {
			r := c.post(self+action, url.Values{"role": {"member"}})
			if r.status != http.StatusConflict || !strings.Contains(r.body, "마지막 관리자") {
				t.Errorf("%s on the last admin: status %d", action, r.status)
			}
		}
		// With a second admin, the first may step down.
		c.post(fmt.Sprintf("/admin/members/%d/role", f.bobID), url.Values{"role": {"admin"}})
		if r := c.post(self+"/role", url.Values{"role": {"member"}}); r.status != http.StatusSeeOther {
			t.Errorf("demoting one of two admins: %d", r.status)
		}
	})
}

func TestMemberSearchAndPaging(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	ctx := context.Background()
	for i := range 25 {
		if _, err := f.srv.Members.Create(ctx, services.Actor{ID: 1, Admin: true}, map[string]string{
			"login": fmt.Sprintf("user%02d", i), "password": "password-1", "email": fmt.Sprintf("u%d@example.com", i)}); err != nil {
			t.Fatal(err)
		}
	}
	c := newClient(t, f.srv)
	c.login("admin", adminPassword)
	p1 := c.get("/admin/members")
	if n := strings.Count(p1.body, `class="member-row"`); n != 20 {
		t.Errorf("page 1 has %d rows, want 20", n)
	}
	p2 := c.get("/admin/members?page=2")
	if n := strings.Count(p2.body, `class="member-row"`); n != 8 {
		t.Errorf("page 2 has %d rows, want 8 (28 members)", n)
	}
	q := c.get("/admin/members?q=user1")
	if n := strings.Count(q.body, `class="member-row"`); n != 10 {
		t.Errorf("search user1 found %d, want 10", n)
	}
	if q := c.get("/admin/members?q=%25"); strings.Count(q.body, `class="member-row"`) != 0 {
		t.Error("a literal % matched everything")
	}
}

func TestDashboardCountsHumanViews(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		visitor := newClient(t, f.srv)
		human := "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 KAKAOTALK 10.4.5"
		for range 3 {
			visitor.get("/c/alice", "User-Agent", human)
		}
		visitor.get("/c/alice", "User-Agent", "Googlebot/2.1 (+http://www.google.com/bot.html)")
		visitor.get("/c/alice", "User-Agent", "curl/8.0")
		visitor.get("/c/alice")
		if _, ok := visitor.cookies["sitecard_session"]; ok {
			t.Error("a visitor got a session cookie just for reading a card")
		}
		if err := f.srv.Views.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		visitor.get("/c/alice", "User-Agent", human)
		if err := f.srv.Views.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		c := newClient(t, f.srv)
		c.login("alice", "alice-pass-1")
		page := c.get("/admin").body
		if !strings.Contains(page, `data-views="4"`) {
			i := strings.Index(page, "data-views")
			t.Errorf("dashboard views: %.60s, want 4 human views", page[max(i, 0):])
		}
		mustContain(t, "dashboard", page, `id="stat-messages">0<`, `id="stat-undelivered">0<`, `id="inbox-slot"`, `id="kakao-slot"`)
	})
}

// One rule for logins on both databases: case does not matter, accents do.
func TestLoginsAreCaseInsensitiveOnBothDatabases(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		c := newClient(t, f.srv)
		c.get("/login")
		if r := c.post("/login", url.Values{"login": {"ALICE"}, "password": {"alice-pass-1"}, "next": {"/admin"}}); r.status != http.StatusSeeOther {
			t.Errorf("ALICE: %d", r.status)
		}
		d := newClient(t, f.srv)
		d.get("/login")
		if r := d.post("/login", url.Values{"login": {"álice"}, "password": {"alice-pass-1"}}); r.status == http.StatusSeeOther {
			t.Error("álice signed in as alice")
		}
	})
}

// The APIs answer in JSON whatever the client accepts: an anonymous status request gets
// a JSON 401, an oversize body a JSON 413.
func TestAPIsAlwaysAnswerJSON(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	if r := do(t, f.srv, "GET", "/admin/kakao/status", "Accept", "application/json"); r.status != 401 || !strings.Contains(r.body, `"code":401`) {
		t.Errorf("anonymous status: %d %.100s", r.status, r.body)
	}
	// The body limit acts before any handler, so this needs a real connection.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- f.srv.App.Listener(ln) }()
	t.Cleanup(func() {
		if err := f.srv.App.Shutdown(); err != nil {
			t.Error(err)
		}
		if err := <-served; err != nil {
			t.Error(err)
		}
	})
	for _, path := range []string{"/kakao/", "/chat/"} {
		// A declared 13 MB body: refused from its headers, before the body is sent.
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		_, err = fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAccept: text/html\r\nContent-Length: %d\r\n\r\n", path, 13<<20)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		conn.Close()
		if err != nil || resp.StatusCode != 413 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s oversize: %d %q %.100s", path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}
}

// englishWords are common English words of a dashboard; none may show in the Korean UI.
var englishWords = regexp.MustCompile(`(?i)\b(just now|ago|every|sent|waiting|retry|failed|pending|healthy|expiring|disconnected|needs_reconnect|owner|not connected|save|delete|edit|cancel|login|logout|password|settings|profile|error|ok|attempt|never|next run|last run)\b`)

var (
	tags   = regexp.MustCompile(`(?s)<script.*?</script>|<[^>]+>`)
	spaces = regexp.MustCompile(`\s+`)
)

// visibleText is what a person reads of a page: the text between the tags.
func visibleText(html string) string {
	return spaces.ReplaceAllString(tags.ReplaceAllString(html, " "), " ")
}

// Every dashboard page, in Korean, with a connection, a job run and a delivery history on
// it, reads without the English words a half-translated page shows.
func TestAdminPagesAreAllKorean(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newKakaoSite(t, cfg)
		id := sendAPI(t, k.srv, "alice", "첫 메시지")
		k.deliver(t)
		alice := newClient(t, k.srv)
		alice.login("alice", "alice-pass-1")
		k.connect(t, alice)
		k.fake.FailNext(http.StatusInternalServerError, 1)
		second := sendAPI(t, k.srv, "alice", "두 번째")
		k.deliver(t)
		k.srv.RefreshJob.Finished(fmt.Errorf("member 2: %w", context.DeadlineExceeded))
		admin := newClient(t, k.srv)
		admin.login("admin", adminPassword)
		pages := []string{"/admin", "/admin/account", "/admin/cards/" + itoa(k.cardID), "/admin/kakao", "/admin/kakao/status",
			"/admin/messages", fmt.Sprintf("/admin/messages/%d", id), fmt.Sprintf("/admin/messages/%d", second), "/admin/members"}
		for _, p := range pages {
			r := admin.get(p)
			if r.status != 200 {
				t.Errorf("%s: %d", p, r.status)
				continue
			}
			text := visibleText(r.body)
			// The card's own words are the owner's, in whatever language they wrote.
			for _, own := range []string{"Skills", "GitHub", "Go", "SQL", "alice", "admin", "bob", "sitecard"} {
				text = strings.ReplaceAll(text, own, "")
			}
			if m := englishWords.FindAllString(text, -1); len(m) > 0 {
				t.Errorf("%s shows English: %q", p, m)
			}
		}
	})
}
