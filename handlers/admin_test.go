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
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"sitecard/handlers"
	"sitecard/internal/config"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/internal/testutil/testsite"
	"sitecard/models"
	"sitecard/services"
	"sitecard/services/messages"
)

const adminPassword = "admin-pass-1"

// fixture is a site with an admin, two members and a card of alice's with content.
type fixture struct {
	srv                               *server.Server
	adminID, aliceID, bobID           int64
	cardID, sectionID, itemID, linkID int64
	demoCardID                        int64
	messageID                         int64 // a visitor's message to alice's card
	appPasswordID                     int64 // alice's, made with the message
}

func newFixture(t *testing.T, cfg *config.Config) *fixture {
	t.Helper()
	return newFixtureWith(t, cfg)
}

func newFixtureWith(t *testing.T, cfg *config.Config, opts ...server.Option) *fixture {
	t.Helper()
	cfg.AdminLogin, cfg.AdminPassword = "admin", adminPassword
	srv := testsite.Server(t, cfg, append(opts, server.WithFastPasswordHashing())...)
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
	list, err := srv.Cards.Find(ctx, services.Actor{ID: f.adminID}, "", 1, 10)
	must(err)
	cards := list.Cards
	if len(cards) != 1 || cards[0].Slug != "demo" {
		t.Fatalf("the first admin should own the demo card, owns %v", cards)
	}
	f.demoCardID = cards[0].ID
	return f
}

// addMessage has a visitor write to alice's card.
func (f *fixture) addMessage(t *testing.T) {
	t.Helper()
	m, err := f.srv.Messages.Intake.Submit(context.Background(), messages.Contact{Card: "alice", Name: "방문자", Email: "v@example.com",
		Message: "안녕하세요", ClientIP: "192.0.2.50"})
	if err != nil {
		t.Fatal(err)
	}
	f.messageID = m.ID
	// The visitor shared their contact with it, and alice has an app password.
	ctx := context.Background()
	if err := models.InsertSharedContact(ctx, f.srv.DB, &models.SharedContact{MessageID: m.ID, MemberID: &f.aliceID, Name: "방문자",
		Email: "v@example.com", Consent: "동의", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	p := &models.AppPassword{MemberID: f.aliceID, Name: "phone", Hash: strings.Repeat("a", 64), CreatedAt: time.Now()}
	if err := models.InsertAppPassword(ctx, f.srv.DB, p); err != nil {
		t.Fatal(err)
	}
	f.appPasswordID = p.ID
}

// Who may use a dashboard route: every signed-in member (on their own things), the
// owner of the card or message it names (and admins), or admins only.
type audience int

const (
	members audience = iota
	owner
	admins
)

// authCase is how the matrix calls one dashboard route: the thing its :id names, its
// form, who may use it, and the statuses besides 200 and 303 that still mean "let
// through" (a refused form, KakaoTalk not configured in the fixture).
type authCase struct {
	id     func(f *fixture) int64
	form   func(role string) url.Values
	who    audience
	alsoOK []int
	// last puts destructive routes after the others, in this order.
	last int
}

// authCases has a case for every dashboard route, by method and pattern. The matrix
// reads the routes from the app: a route without a case here fails it.
func authCases() map[string]authCase {
	card := func(f *fixture) int64 { return f.cardID }
	sec := func(f *fixture) int64 { return f.sectionID }
	item := func(f *fixture) int64 { return f.itemID }
	link := func(f *fixture) int64 { return f.linkID }
	msg := func(f *fixture) int64 { return f.messageID }
	bob := func(f *fixture) int64 { return f.bobID }
	form := func(kv ...string) func(string) url.Values {
		return func(string) url.Values {
			v := url.Values{}
			for i := 0; i+1 < len(kv); i += 2 {
				v.Set(kv[i], kv[i+1])
			}
			return v
		}
	}
	passwords := map[string]string{"owner": "alice-pass-1", "other": "bob-pass-1", "admin": adminPassword}
	kakaoOff := []int{http.StatusConflict} // the fixture has no Kakao app: a member gets this far
	return map[string]authCase{
		"GET /admin/":                                  {who: members},
		"GET /admin/account":                           {who: members},
		"GET /admin/sources":                           {who: members},
		"GET /admin/account/app-passwords":             {who: members},
		"POST /admin/account/app-passwords":            {who: members, form: form("name", "iPhone")},
		"POST /admin/account/app-passwords/:id/revoke": {id: func(f *fixture) int64 { return f.appPasswordID }, who: owner},
		"GET /admin/messages/:id/contact.vcf":          {id: msg, who: owner},
		// Before the message's own delete (5), which takes the contact with it.
		"POST /admin/messages/:id/contact/delete": {id: msg, who: owner, last: 4},
		"GET /admin/sources.csv":                  {who: members},
		"POST /admin/account":                     {who: members, form: form("display_name", "Someone", "email", "someone@example.com")},
		"POST /admin/account/password": {who: members, last: 1, form: func(role string) url.Values {
			return url.Values{"current": {passwords[role]}, "password": {"a-new-pass-123"}}
		}},
		"POST /admin/cards": {who: members, form: func(role string) url.Values {
			return url.Values{"slug": {"new-" + role}, "name_ko": {"새 카드"}}
		}},
		"GET /admin/cards/:id":                    {id: card, who: owner},
		"POST /admin/cards/:id/profile":           {id: card, who: owner, form: form("name_ko", "앨리스 2")},
		"POST /admin/cards/:id/preview":           {id: card, who: owner, form: form("name_ko", "미리 보기")},
		"POST /admin/cards/:id/settings":          {id: card, who: owner, form: form("slug", "alice2", "published", "on")},
		"POST /admin/cards/:id/chat":              {id: card, who: owner, form: form("chat_enabled", "on")},
		"POST /admin/cards/:id/primary":           {id: card, who: admins},
		"POST /admin/cards/:id/photo":             {id: card, who: owner, alsoOK: []int{http.StatusUnprocessableEntity}}, // no file: a field error
		"POST /admin/cards/:id/resume":            {id: card, who: owner, alsoOK: []int{http.StatusUnprocessableEntity}},
		"POST /admin/cards/:id/import":            {id: card, who: owner, alsoOK: []int{http.StatusUnprocessableEntity}}, // no file: refused
		"POST /admin/cards/:id/import/apply":      {id: card, who: owner, form: form("mode", "append", "resume", `{"basics":{"name":"A"},"skills":[{"name":"Go"}]}`)},
		"POST /admin/cards/:id/sections":          {id: card, who: owner, form: form("kind", "work", "title", "Work")},
		"POST /admin/cards/:id/links":             {id: card, who: owner, form: form("kind", "blog", "url", "https://blog.example")},
		"POST /admin/cards/:id/delete":            {id: card, who: owner, last: 9},
		"POST /admin/sections/:id":                {id: sec, who: owner, form: form("kind", "skills", "title", "Tools")},
		"POST /admin/sections/:id/move":           {id: sec, who: owner, form: form("dir", "down")},
		"POST /admin/sections/:id/items":          {id: sec, who: owner, form: form("title", "Rust", "percent", "50")},
		"POST /admin/sections/:id/delete":         {id: sec, who: owner, last: 4},
		"POST /admin/items/:id":                   {id: item, who: owner, form: form("title", "Go!", "percent", "90")},
		"POST /admin/items/:id/move":              {id: item, who: owner, form: form("dir", "down")},
		"POST /admin/items/:id/delete":            {id: item, who: owner, last: 2},
		"POST /admin/links/:id":                   {id: link, who: owner, form: form("kind", "github", "url", "https://github.com/a")},
		"POST /admin/links/:id/move":              {id: link, who: owner, form: form("dir", "up")},
		"POST /admin/links/:id/delete":            {id: link, who: owner, last: 3},
		"POST /admin/account/sessions/others/end": {who: members},
		"POST /admin/account/sessions/:ref/end":   {who: members},
		"POST /admin/account/totp":                {who: members},
		"GET /admin/account/totp":                 {who: members},
		"POST /admin/account/totp/confirm":        {who: members, form: form("code", "000000"), alsoOK: []int{http.StatusUnprocessableEntity}},
		"POST /admin/account/totp/disable":        {who: members, form: form("current", "not-the-password")},
		"POST /admin/members/:id/totp/clear":      {id: bob, who: admins},
		"GET /admin/audit":                        {who: admins},
		"POST /admin/account/passkeys/begin":      {who: members},
		"POST /admin/account/oidc/link":           {who: members, alsoOK: []int{http.StatusNotFound}},   // no single sign-on in the fixture
		"POST /admin/account/passkeys/finish":     {who: members, alsoOK: []int{http.StatusBadRequest}}, // a form, not a credential
		"POST /admin/account/passkeys/:id/delete": {who: members, alsoOK: []int{http.StatusNotFound}},   // no passkey in the fixture
		"GET /admin/kakao":                        {who: members},
		"GET /admin/kakao/status":                 {who: members},
		"GET /admin/kakao/connect":                {who: members, alsoOK: kakaoOff},
		"GET /admin/kakao/callback":               {who: members, alsoOK: []int{http.StatusBadRequest}}, // no code, no state
		"POST /admin/kakao/disconnect":            {who: members},
		"POST /admin/kakao/refresh":               {who: members, alsoOK: kakaoOff},
		"POST /admin/kakao/test":                  {who: members, alsoOK: kakaoOff},
		"GET /admin/channels":                     {who: members},
		"POST /admin/channels/email/confirm":      {who: members, alsoOK: kakaoOff}, // no SMTP_URL in the fixture
		"POST /admin/channels/webhook":            {who: members, form: form("webhook_url", "https://hooks.example.com/in", "preset", "slack")},
		"POST /admin/channels/webhook/rotate":     {who: members},
		"POST /admin/channels/:channel/toggle":    {who: members, form: form("enabled", "on")},
		"POST /admin/channels/:channel/test":      {who: members, alsoOK: kakaoOff},
		"GET /admin/backup":                       {who: admins},
		"GET /admin/messages":                     {who: members},
		"GET /admin/messages/:id":                 {id: msg, who: owner},
		"POST /admin/messages/:id/retry":          {id: msg, who: owner},
		"POST /admin/messages/:id/read":           {id: msg, who: owner},
		"POST /admin/messages/:id/delete":         {id: msg, who: owner, last: 5},
		"GET /admin/members":                      {who: admins},
		"POST /admin/members":                     {who: admins, form: form("login", "carol", "password", "carol-pass-1")},
		"POST /admin/members/:id/role":            {id: bob, who: admins, form: form("role", "admin")},
		"POST /admin/members/:id/disable":         {id: bob, who: admins},
		"POST /admin/members/:id/enable":          {id: bob, who: admins},
		"POST /admin/members/:id/delete":          {id: bob, who: admins, last: 6},
		"GET /admin/cards/:id/signature":          {id: card, who: owner},
	}
}

// matrixRoute is one dashboard route made concrete for the fixture.
type matrixRoute struct {
	method, pattern string
	authCase
}

// dashboardRoutes lists every dashboard route the app has (HEAD mirrors GET), with its
// case; a route that has none fails the test, so that no route escapes the matrix.
func dashboardRoutes(t *testing.T, srv *server.Server) []matrixRoute {
	t.Helper()
	cases := authCases()
	var out []matrixRoute
	seen := map[string]bool{}
	for _, r := range srv.App.GetRoutes(true) {
		key := r.Method + " " + r.Path
		if !strings.HasPrefix(r.Path, "/admin") || r.Method == "HEAD" || seen[key] {
			continue
		}
		seen[key] = true
		c, ok := cases[key]
		if !ok {
			t.Errorf("%s has no case in the authorization matrix", key)
			continue
		}
		out = append(out, matrixRoute{r.Method, r.Path, c})
	}
	for key := range cases {
		if !seen[key] {
			t.Errorf("the matrix has a case for %s, which the app does not serve", key)
		}
	}
	slices.SortStableFunc(out, func(a, b matrixRoute) int { return a.last - b.last })
	return out
}

// Every dashboard route, for each role: anonymous visitors are sent to sign in, members
// reach their own things and are refused others', and only admins reach what is theirs.
// Each role runs on a fresh site, so the changes one allowed role makes cannot hide a
// refusal in another.
func TestAuthorizationMatrix(t *testing.T) {
	for _, role := range []string{"anonymous", "owner", "other", "admin"} {
		t.Run(role, func(t *testing.T) {
			testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
				f := newFixture(t, cfg)
				f.addMessage(t)
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
				for _, r := range dashboardRoutes(t, f.srv) {
					path := r.pattern
					if r.id != nil {
						path = strings.Replace(path, ":id", strconv.FormatInt(r.id(f), 10), 1)
					}
					path = strings.Replace(path, ":channel", models.ChannelEmail, 1)
					path = strings.Replace(path, ":ref", "0123456789abcdef0123456789abcdef", 1)
					path = strings.TrimSuffix(path, "/")
					var form url.Values
					if r.form != nil {
						form = r.form(role)
					}
					var got response
					if r.method == "GET" {
						got = c.get(path)
					} else {
						got = c.post(path, form)
					}
					allowed := role == "admin" || role == "owner" && r.who != admins || role == "other" && r.who == members
					var want []int
					switch {
					case role == "anonymous" && r.method == "GET":
						want = []int{http.StatusSeeOther}
					case role == "anonymous":
						want = []int{http.StatusUnauthorized}
					case allowed:
						want = append([]int{http.StatusOK, http.StatusSeeOther}, r.alsoOK...)
					default:
						want = []int{http.StatusForbidden}
					}
					if !slices.Contains(want, got.status) {
						t.Errorf("%s %s %s: status %d, want %v (body %.200q)", role, r.method, path, got.status, want, got.body)
					}
					if role == "anonymous" && r.method == "GET" && !strings.HasPrefix(got.header.Get("Location"), "/login?next=") {
						t.Errorf("anonymous GET %s redirected to %q", path, got.header.Get("Location"))
					}
				}
			})
		})
	}
}

func TestCSRFRefusals(t *testing.T) {
	t.Parallel()
	members := aloneMembers()
	c := newClient(t, alone(t, dashboardDeps(handlers.Deps{Members: members})))
	c.signIn("alice", "alice-pass-1", "/admin")
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
	if n := members.updates(); n != 0 {
		t.Errorf("the refused forms reached the service %d times", n)
	}
	// htmx sends the token as a header instead of a field.
	f := url.Values{"_csrf": {""}, "display_name": {"Alice H"}, "email": {"alice@example.com"}}
	if r := c.post("/admin/account", f, "X-CSRF-Token", c.csrf, "HX-Request", "true"); r.status >= 400 {
		t.Errorf("header token refused: %d", r.status)
	}
	if r := c.post("/admin/account", form); r.status != http.StatusSeeOther {
		t.Errorf("form token refused: %d", r.status)
	}
	if n := members.updates(); n != 2 {
		t.Errorf("the two accepted forms reached the service %d times", n)
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
		other := testsite.Server(t, cfg, server.WithFastPasswordHashing())
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

// Over HTTPS both cookies a member carries are Secure: the CSRF cookie from the first
// page, and the session cookie from signing in, which is HttpOnly and SameSite too.
func TestSecureCookiesOverHTTPS(t *testing.T) {
	t.Parallel()
	base, err := url.Parse("https://card.example.com")
	if err != nil {
		t.Fatal(err)
	}
	srv := aloneWith(t, signedInDeps(handlers.Deps{}), func(cfg *config.Config) { cfg.BaseURL = base })
	c := newClient(t, srv)
	cookie := func(r response, name string) *http.Cookie {
		t.Helper()
		for _, ck := range (&http.Response{Header: r.header}).Cookies() {
			if ck.Name == name {
				return ck
			}
		}
		t.Fatalf("no %s cookie set; Set-Cookie: %q", name, r.header.Values("Set-Cookie"))
		return nil
	}
	if ck := cookie(c.get("/login"), "sitecard_csrf"); !ck.Secure {
		t.Errorf("the CSRF cookie over https is not Secure: %+v", ck)
	}
	r := c.post("/login", url.Values{"login": {"alice"}, "password": {"alice-pass-1"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", r.status)
	}
	if ck := cookie(r, "sitecard_session"); !ck.Secure || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
		t.Errorf("the session cookie over https: Secure %v, HttpOnly %v, SameSite %v", ck.Secure, ck.HttpOnly, ck.SameSite)
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
		srv := testsite.Server(t, cfg, server.WithFastPasswordHashing())
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
		before := c.cookies["sitecard_session"]
		r = c.post("/setup", url.Values{"login": {"Owner"}, "password": {"owner-pass-1"}})
		if after := c.cookies["sitecard_session"]; after == "" || after == before {
			t.Errorf("setup kept the session ID %q (now %q)", before, after)
		}
		if r.status != http.StatusSeeOther {
			t.Fatalf("setup: %d %.200s", r.status, r.body)
		}
		// The new admin is signed in: the dashboard opens with no second sign-in, under
		// a session ID that is not the one from before.
		if loc := r.header.Get("Location"); loc != "/admin" {
			t.Errorf("after setup, sent to %q, want /admin", loc)
		}
		if r := c.get("/admin"); r.status != 200 || !strings.Contains(r.body, `data-card="demo"`) {
			t.Errorf("after setup, the dashboard: %d %.300s", r.status, r.body)
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
	t.Parallel()
	f := fixture{srv: alone(t, handlers.Deps{})}
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
		k.srv.Messages.RefreshJob.Finished(fmt.Errorf("member 2: %w", context.DeadlineExceeded), nil)
		admin := newClient(t, k.srv)
		admin.login("admin", adminPassword)
		pages := []string{"/admin", "/admin/account", "/admin/cards/" + itoa(k.cardID), "/admin/kakao", "/admin/kakao/status",
			"/admin/messages", fmt.Sprintf("/admin/messages/%d", id), fmt.Sprintf("/admin/messages/%d", second), "/admin/members",
			"/admin/sources", "/admin/sources?site=1&days=90", "/admin/account/app-passwords"}
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
