package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"sitecard/handlers"
	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/internal/validate"
	"sitecard/models"
	"sitecard/services"
	"sitecard/services/messages"
)

var stampRe = regexp.MustCompile(`name="t" value="([^"]+)"`)

func countMessages(t *testing.T, k *kakaoSite) int {
	t.Helper()
	n, err := k.srv.DB.NewSelect().Model((*models.Message)(nil)).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func TestContactForm(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newKakaoSite(t, cfg)
		v := newClient(t, k.srv)
		page := v.get("/c/alice/contact")
		if page.status != 200 {
			t.Fatalf("form: %d", page.status)
		}
		stamp := stampRe.FindStringSubmatch(page.body)[1]
		// Before sending: alice's KakaoTalk is on but not connected, so nothing can tell her.
		if !strings.Contains(page.body, "바로 알릴 곳이 없습니다") || strings.Contains(page.body, "카카오톡으로") {
			t.Errorf("the form promises what is not so: %.600s", page.body)
		}
		form := func(extra ...string) url.Values {
			f := url.Values{"card": {"alice"}, "name": {"방문자"}, "email": {"v@example.com"}, "message": {"안녕하세요"}, "t": {stamp}}
			for i := 0; i+1 < len(extra); i += 2 {
				f.Set(extra[i], extra[i+1])
			}
			return f
		}
		// Too fast: a person takes more than three seconds.
		if r := v.post("/contact", form(), "HX-Request", "true"); r.status != 200 || !strings.Contains(r.body, "너무 빨리") {
			t.Errorf("instant post: %d", r.status)
		}
		k.clock.Advance(5 * time.Second)
		// Invalid fields come back inline in the fragment.
		r := v.post("/contact", form("email", "nope", "message", ""), "HX-Request", "true")
		if r.status != 200 || strings.Contains(r.body, "<html") || !strings.Contains(r.body, "올바른 이메일 주소가 아닙니다.") ||
			!strings.Contains(r.body, "필수 항목입니다.") || !strings.Contains(r.body, `value="nope"`) {
			t.Errorf("invalid htmx post: %d %.300s", r.status, r.body)
		}
		if r := v.post("/contact", form("message", strings.Repeat("가", 2001))); r.status != 422 || !strings.Contains(r.body, "2000자 이하로") {
			t.Errorf("long message, plain post: %d", r.status)
		}
		// The honeypot: a robot is told "saved" and nothing is stored.
		if r := v.post("/contact", form("website", "http://spam.example"), "HX-Request", "true"); r.status != 200 || !strings.Contains(r.body, "메시지를 남겼습니다") {
			t.Errorf("honeypot: %d", r.status)
		}
		if n := countMessages(t, k); n != 0 {
			t.Fatalf("%d messages stored by robots or invalid posts", n)
		}
		// A forged or missing stamp.
		if r := v.post("/contact", form("t", "1.deadbeef"), "HX-Request", "true"); !strings.Contains(r.body, "양식이 오래되었습니다") {
			t.Errorf("forged stamp accepted: %d", r.status)
		}
		// A good one: committed before the answer. Alice has not connected KakaoTalk, and
		// the visitor is not told it goes there.
		ok := v.post("/contact", form(), "HX-Request", "true")
		if ok.status != 200 || strings.Contains(ok.body, "전달되었습니다") || !strings.Contains(ok.body, "받은 편지함에서 읽습니다") {
			t.Fatalf("good post: %d %.300s", ok.status, ok.body)
		}
		if strings.Contains(ok.body, "카카오톡으로") {
			t.Errorf("with no KakaoTalk connected, the visitor is promised KakaoTalk: %.300s", ok.body)
		}
		if n := countMessages(t, k); n != 1 {
			t.Fatalf("%d messages after a good post, want 1", n)
		}
		plain := v.post("/contact", form())
		if plain.status != http.StatusSeeOther || plain.header.Get("Location") != "/c/alice/contact?sent=saved" {
			t.Errorf("plain post: %d %q", plain.status, plain.header.Get("Location"))
		}
		if r := v.get("/c/alice/contact?sent=saved"); !strings.Contains(r.body, "받은 편지함에서 읽습니다") || strings.Contains(r.body, "카카오톡으로") {
			t.Error("no truthful confirmation page after the plain post")
		}
		// Once KakaoTalk is connected, the visitor is told so.
		alice := newClient(t, k.srv)
		alice.login("alice", "alice-pass-1")
		k.connect(t, alice)
		k.clock.Advance(5 * time.Second)
		if r := v.get("/c/alice/contact"); !strings.Contains(r.body, "카카오톡으로 바로 전달됩니다") {
			t.Errorf("connected owner, before sending: %.600s", r.body)
		}
		if r := v.post("/contact", form(), "HX-Request", "true"); !strings.Contains(r.body, "카카오톡으로 보내는 중입니다") || strings.Contains(r.body, "전달되었습니다") {
			t.Errorf("connected owner: %.300s", r.body)
		}
		if r := v.post("/contact", form()); r.header.Get("Location") != "/c/alice/contact?sent=kakao" {
			t.Errorf("connected owner, plain post: %q", r.header.Get("Location"))
		}
		// Without the CSRF token the form is refused.
		if r := v.post("/contact", form("_csrf", "")); r.status != http.StatusForbidden {
			t.Errorf("no csrf: %d", r.status)
		}
	})
}

// The JSON API refuses what is not a JSON object of its fields before the service sees
// it, each with a JSON error body; the service's field errors come back as a JSON 422
// naming each field in the client's language; a stored message answers with its ID and
// where it goes, and the service is asked with the fields and the Idempotency-Key.
func TestContactJSONAPI(t *testing.T) {
	t.Parallel()
	intake := &fakeIntake{reach: messages.Reach{Channels: []string{"kakao"}}}
	intake.refuse = func(in messages.Contact) error {
		if in.Name == "" {
			return &services.ValidationError{Errors: validate.Errors{"name": {Code: "required"}, "email": {Code: "email"}, "message": {Code: "required"}}}
		}
		return nil
	}
	srv := alone(t, handlers.Deps{Intake: intake})
	good := `{"name":"방문자","email":"v@example.com","message":"hi"}`
	for _, tc := range []struct {
		name, body string
		headers    []string
		status     int
		contains   string
	}{
		{"not json", `name=x`, nil, 400, `"code":400`},
		{"wrong type", `{"name":1}`, nil, 400, `"code":400`},
		{"form content type", good, []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, `"code":415`},
		{"too big", `{"message":"` + strings.Repeat("a", 70<<10) + `"}`, nil, 413, `"code":413`},
	} {
		r := postJSON(t, srv, tc.body, tc.headers...)
		if r.status != tc.status || !strings.Contains(r.body, tc.contains) || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
			t.Errorf("%s: %d %q %s", tc.name, r.status, r.header.Get("Content-Type"), r.body)
		}
	}
	if got := intake.submitted(); len(got) != 0 {
		t.Fatalf("bodies refused by the handler reached the service: %+v", got)
	}
	r := postJSON(t, srv, `{"name":"","email":"bad","message":""}`)
	if r.status != 422 || !strings.Contains(r.body, `"errors":{`) {
		t.Errorf("invalid: %d %s", r.status, r.body)
	}
	for _, f := range []string{`"name":"필수 항목입니다."`, `"email":"올바른 이메일 주소가 아닙니다."`, `"message":"필수 항목입니다."`} {
		if !strings.Contains(r.body, f) {
			t.Errorf("422 lacks %s: %s", f, r.body)
		}
	}
	ok := postJSON(t, srv, `{"name":"방문자","email":"v@example.com","message":"hi","card":"alice"}`, "Idempotency-Key", "k1")
	if ok.status != 200 || !strings.Contains(ok.body, `"id":102`) || !strings.Contains(ok.body, `"delivery":{"channels":["kakao"],"state":"sending"}`) {
		t.Errorf("stored: %d %s", ok.status, ok.body)
	}
	got := intake.submitted()
	if last := got[len(got)-1]; last.Card != "alice" || last.Name != "방문자" || last.Email != "v@example.com" || last.Message != "hi" ||
		last.IdempotencyKey != "k1" || last.Form || last.ClientIP == "" {
		t.Errorf("the service was asked with %+v", last)
	}
}

// The API's fields are checked where the message is stored, on the primary card when it
// names none: an empty or bad field, an unknown card, each a JSON 422.
func TestContactJSONAPIValidates(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	k := newKakaoSite(t, cfg)
	if id := sendAPI(t, k.srv, "", "to the primary card"); id == 0 {
		t.Fatal("no id")
	}
	for _, tc := range []struct {
		name, body string
		status     int
		contains   string
	}{
		{"invalid", `{"name":"","email":"bad","message":"` + strings.Repeat("b", 2001) + `"}`, 422, `"errors":{`},
		{"unknown card", `{"name":"a","email":"a@b.co","message":"m","card":"nobody"}`, 422, `"card"`},
	} {
		r := postJSON(t, k.srv, tc.body)
		if r.status != tc.status || !strings.Contains(r.body, tc.contains) {
			t.Errorf("%s: %d %s", tc.name, r.status, r.body)
		}
	}
	r := postJSON(t, k.srv, `{"name":"","email":"bad","message":""}`)
	for _, f := range []string{`"name":`, `"email":`, `"message":`} {
		if !strings.Contains(r.body, f) {
			t.Errorf("422 lacks %s: %s", f, r.body)
		}
	}
}

func TestContactRateLimits(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	k := newKakaoSiteWithLimits(t, cfg, config.Rate{N: 5, Window: time.Minute}, config.Rate{N: 7, Window: time.Hour})
	for i := range 5 {
		if r := postJSON(t, k.srv, `{"name":"a","email":"a@b.co","message":"m"}`); r.status != 200 {
			t.Fatalf("message %d: %d", i+1, r.status)
		}
	}
	if r := postJSON(t, k.srv, `{"name":"a","email":"a@b.co","message":"m"}`); r.status != 429 {
		t.Errorf("sixth message in a minute from one address: %d, want 429", r.status)
	}
	k.clock.Advance(2 * time.Minute)
	for i := range 2 {
		if r := postJSON(t, k.srv, `{"name":"a","email":"a@b.co","message":"m"}`); r.status != 200 {
			t.Fatalf("after a minute, message %d: %d", i+1, r.status)
		}
	}
	if r := postJSON(t, k.srv, `{"name":"a","email":"a@b.co","message":"m"}`); r.status != 429 {
		t.Errorf("eighth message in an hour to one card: %d, want 429", r.status)
	}
	if n := countMessages(t, k); n != 7 {
		t.Errorf("%d messages stored, want 7", n)
	}
}

func TestForwardedForOnlyFromTrustedProxies(t *testing.T) {
	for _, trusted := range []bool{false, true} {
		cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
		if trusted {
			// app.Test connects from 0.0.0.0; a real deployment names its proxy.
			cfg.TrustedProxies = []string{"0.0.0.0"}
		}
		k := newKakaoSiteWithLimits(t, cfg, config.Rate{N: 1, Window: time.Minute}, config.Rate{N: 0, Window: time.Hour})
		a := postJSON(t, k.srv, `{"name":"a","email":"a@b.co","message":"m"}`, "X-Forwarded-For", "203.0.113.1")
		b := postJSON(t, k.srv, `{"name":"a","email":"a@b.co","message":"m"}`, "X-Forwarded-For", "203.0.113.2")
		if a.status != 200 {
			t.Fatalf("first: %d", a.status)
		}
		if trusted && b.status != 200 {
			t.Errorf("behind a trusted proxy, two clients are two addresses: second got %d", b.status)
		}
		if !trusted && b.status != 429 {
			t.Errorf("X-Forwarded-For from an untrusted peer was believed: second got %d", b.status)
		}
	}
}

func TestKakaoCallbackErrorsAreClear(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	k := newKakaoSite(t, cfg)
	alice := newClient(t, k.srv)
	alice.login("alice", "alice-pass-1")
	if r := alice.get("/admin/kakao/callback?error=access_denied&error_description=User%20denied%20access&state=x"); !strings.Contains(r.body, "카카오톡 연결을 취소했습니다") {
		t.Errorf("access_denied: %d", r.status)
	}
	k.fake.Deny(true)
	back := testutil.Authorize(t, alice.get("/admin/kakao/connect").header.Get("Location"))
	if back.Query().Get("error") != "access_denied" {
		t.Fatalf("the fake did not deny: %s", back)
	}
	if r := alice.get(back.Path + "?" + back.RawQuery); !strings.Contains(r.body, "카카오톡 연결을 취소했습니다") {
		t.Errorf("denied at the fake: %d", r.status)
	}
	// With no REST API key the panel says so instead of sending anyone to Kakao.
	cfg2 := testutil.Config(t, "sqlite://"+t.TempDir()+"/t2.db")
	f := newFixture(t, cfg2)
	c := newClient(t, f.srv)
	c.login("alice", "alice-pass-1")
	if r := c.get("/admin/kakao/connect"); r.status != http.StatusConflict || !strings.Contains(r.body, "KAKAO_REST_API_KEY") {
		t.Errorf("unconfigured connect: %d", r.status)
	}
}

// One IPv6 client usually holds a whole /64: the limit counts the network, so a fresh
// address from the same /64 buys nothing, while IPv4 clients are still one per address.
// RATE_IPV6_PREFIX=128 counts single addresses again.
func TestIPv6ClientsAreCountedByNetwork(t *testing.T) {
	for _, tc := range []struct {
		prefix  string
		sameNet int // the second address in 2001:db8:1:2::/64
	}{{"", 429}, {"128", 200}} {
		t.Run("prefix="+tc.prefix, func(t *testing.T) {
			cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
			if tc.prefix != "" {
				var err error
				cfg, err = config.Load(func(k string) string {
					return map[string]string{"DATA_DIR": t.TempDir(), "DATABASE_URL": "sqlite://" + t.TempDir() + "/t.db",
						"SECRET_KEY": "test-secret-key-test-secret-key-0123456789", "LOG_LEVEL": "error", "RATE_IPV6_PREFIX": tc.prefix}[k]
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			cfg.TrustedProxies = []string{"0.0.0.0"} // app.Test connects from 0.0.0.0
			k := newKakaoSiteWithLimits(t, cfg, config.Rate{N: 1, Window: time.Minute}, config.Rate{N: 0, Window: time.Hour})
			send := func(ip string) int {
				return postJSON(t, k.srv, `{"name":"a","email":"a@b.co","message":"m"}`, "X-Forwarded-For", ip).status
			}
			for _, c := range []struct {
				ip   string
				want int
			}{
				{"2001:db8:1:2::1", 200},
				{"2001:db8:1:2:ffff:ffff:ffff:fffe", tc.sameNet},
				{"2001:db8:1:3::1", 200}, // the next /64
				{"198.51.100.1", 200},
				{"198.51.100.2", 200}, // IPv4: one address, one client
				{"::ffff:198.51.100.2", 429},
			} {
				if got := send(c.ip); got != c.want {
					t.Errorf("%s: %d, want %d", c.ip, got, c.want)
				}
			}
		})
	}
}

// Behind a trusted proxy the limit counts the address the proxy saw, not what the client
// wrote into X-Forwarded-For itself: a fresh forged address each time buys nothing, and a
// forged or over-long entry is never a key.
func TestForgedForwardedForGetsNoFreshKey(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	cfg.TrustedProxies = []string{"0.0.0.0", "10.0.0.0/8"} // app.Test connects from 0.0.0.0
	k := newKakaoSiteWithLimits(t, cfg, config.Rate{N: 1, Window: time.Minute}, config.Rate{N: 0, Window: time.Hour})
	send := func(xff string) int {
		return postJSON(t, k.srv, `{"name":"a","email":"a@b.co","message":"m"}`, "X-Forwarded-For", xff).status
	}
	if s := send("203.0.113.1, 198.51.100.7, 10.1.2.3"); s != 200 {
		t.Fatalf("first: %d", s)
	}
	for _, xff := range []string{"203.0.113.2, 198.51.100.7, 10.1.2.3", "203.0.113.3, 198.51.100.7", strings.Repeat("1", 60) + ", 198.51.100.7"} {
		if s := send(xff); s != 429 {
			t.Errorf("%q got a fresh key: %d", xff, s)
		}
	}
	var ips []string
	if err := k.srv.DB.NewSelect().Table("messages").Column("client_ip").Scan(context.Background(), &ips); err != nil {
		t.Fatal(err)
	}
	if len(ips) != 1 || ips[0] != "198.51.100.7" {
		t.Errorf("stored addresses %q", ips)
	}
}

// A NUL byte (or another control character) is refused with a reason on both databases,
// never a 500: SQLite would fail on it and MariaDB would drop it silently.
func TestControlCharactersAreRefused(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newKakaoSite(t, cfg)
		if r := postJSON(t, k.srv, `{"name":"a\u0000b","email":"a@b.co","message":"m\u0007"}`); r.status != 422 || !strings.Contains(r.body, "제어 문자") {
			t.Errorf("JSON API: %d %s", r.status, r.body)
		}
		v := newClient(t, k.srv)
		v.get("/login")
		if r := v.post("/login", url.Values{"login": {"ad\x00min"}, "password": {"x"}}); r.status != 422 {
			t.Errorf("login: %d", r.status)
		}
		alice := newClient(t, k.srv)
		alice.login("alice", "alice-pass-1")
		if r := alice.post("/admin/cards/"+itoa(k.cardID)+"/profile", url.Values{"name_ko": {"앨리스\x00"}}); r.status != 422 || !strings.Contains(r.body, "제어 문자") {
			t.Errorf("profile: %d", r.status)
		}
		if r := alice.post("/admin/cards/"+itoa(k.cardID)+"/profile", url.Values{"name_ko": {"앨리스"}, "summary": {"줄\r\n바꿈\t탭"}}); r.status != 303 {
			t.Errorf("line breaks and tabs are text: %d", r.status)
		}
	})
}

// Whether the proxy appends to the client's X-Forwarded-For (nginx's
// $proxy_add_x_forwarded_for) or adds a header line of its own, the limit counts the
// address the proxy saw: a client that writes its own header line chooses nothing.
func TestEveryForwardedForLineCounts(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	cfg.TrustedProxies = []string{"0.0.0.0"} // app.Test connects from 0.0.0.0
	k := newKakaoSiteWithLimits(t, cfg, config.Rate{N: 1, Window: time.Minute}, config.Rate{N: 0, Window: time.Hour})
	send := func(lines ...string) int {
		req := httptest.NewRequest("POST", "/kakao/", strings.NewReader(`{"name":"a","email":"a@b.co","message":"m"}`))
		req.Header.Set("Content-Type", "application/json")
		for _, l := range lines {
			req.Header.Add("X-Forwarded-For", l)
		}
		resp, err := k.srv.App.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, c := range []struct {
		name  string
		lines [][]string // two requests from the same real client, each with its header lines
	}{
		{"appended (nginx)", [][]string{{"203.0.113.50, 198.51.100.20"}, {"203.0.113.51, 198.51.100.20"}}},
		{"a line of the proxy's own", [][]string{{"203.0.113.52", "198.51.100.21"}, {"203.0.113.53", "198.51.100.21"}}},
	} {
		if s := send(c.lines[0]...); s != 200 {
			t.Fatalf("%s, first: %d", c.name, s)
		}
		if s := send(c.lines[1]...); s != 429 {
			t.Errorf("%s: the client's own header line bought a fresh key: %d", c.name, s)
		}
	}
}

// An Idempotency-Key is the client's own, for one card: another visitor's same key stores
// another message; a key in other case is another key (byte for byte, on MariaDB too); a
// retry gets the first message's id; the key used again for another message is refused.
func TestIdempotencyKeyIsScopedToClientAndCard(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		cfg.TrustedProxies = []string{"0.0.0.0"} // app.Test connects from 0.0.0.0
		k := newKakaoSite(t, cfg)
		send := func(ip, card, key, msg string) response {
			return postJSON(t, k.srv, `{"name":"a","email":"a@b.co","message":"`+msg+`","card":"`+card+`"}`,
				"X-Forwarded-For", ip, "Idempotency-Key", key)
		}
		id := func(r response) string {
			t.Helper()
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			var out struct{ ID int64 }
			if err := json.Unmarshal([]byte(r.body), &out); err != nil {
				t.Fatal(err)
			}
			return strconv.FormatInt(out.ID, 10)
		}
		first := id(send("203.0.113.70", "alice", "key-1", "hello"))
		if again := id(send("203.0.113.70", "alice", "key-1", "hello")); again != first {
			t.Errorf("a retry got %s, want %s", again, first)
		}
		if other := id(send("203.0.113.71", "alice", "key-1", "hello")); other == first {
			t.Error("another visitor's same key returned the first visitor's message")
		}
		if demo := id(send("203.0.113.70", "demo", "key-1", "hello")); demo == first {
			t.Error("the same key on another card returned the first card's message")
		}
		if upper := id(send("203.0.113.70", "alice", "KEY-1", "hello")); upper == first {
			t.Error("a key in other case matched")
		}
		if r := send("203.0.113.70", "alice", "key-1", "something else"); r.status != 422 {
			t.Errorf("a key used again for another message: %d, want 422", r.status)
		}
	})
}

// The JSON API says where a stored message goes: saved while the owner's KakaoTalk is not
// connected, on its way by KakaoTalk once it is; a retry with the same key says the same.
func TestContactAPISaysWhereItGoes(t *testing.T) {
	k := newKakaoSite(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	body := `{"name":"방문자","email":"v@example.com","message":"어디로 가나요","card":"alice"}`
	if r := postJSON(t, k.srv, body); r.status != 200 || !strings.Contains(r.body, `"delivery":{"channels":[],"state":"saved"}`) {
		t.Errorf("not connected: %d %s", r.status, r.body)
	}
	alice := newClient(t, k.srv)
	alice.login("alice", "alice-pass-1")
	k.connect(t, alice)
	k.clock.Advance(2 * time.Second) // past the second-long memory of the owner's channels
	for range 2 {
		if r := postJSON(t, k.srv, body, "Idempotency-Key", "k1"); r.status != 200 || !strings.Contains(r.body, `"delivery":{"channels":["kakao"],"state":"sending"}`) {
			t.Errorf("connected: %d %s", r.status, r.body)
		}
	}
}
