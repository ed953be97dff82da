package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/kakao/kakaofake"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/internal/testutil/testsite"
	"sitecard/models"
	"sitecard/services/messages"
)

// kakaoSite is a fixture whose Kakao is the fake, on a real loopback server.
type kakaoSite struct {
	*fixture
	fake  *kakaofake.Fake
	clock *testutil.Clock
}

func newKakaoSite(t *testing.T, cfg *config.Config, opts ...server.Option) *kakaoSite {
	t.Helper()
	clk := &testutil.Clock{}
	fake := testutil.FakeKakao(t, cfg, clk)
	opts = append(opts, server.WithClock(clk.Now))
	f := newFixtureWith(t, cfg, opts...)
	return &kakaoSite{fixture: f, fake: fake, clock: clk}
}

// newKakaoSiteWithLimits is newKakaoSite with contact limits per address and per card
// (the fake Kakao turns cfg's off).
func newKakaoSiteWithLimits(t *testing.T, cfg *config.Config, perIP, perCard config.Rate, opts ...server.Option) *kakaoSite {
	t.Helper()
	clk := &testutil.Clock{}
	fake := testutil.FakeKakao(t, cfg, clk)
	cfg.ContactPerIP, cfg.ContactPerCard = perIP, perCard
	opts = append(opts, server.WithClock(clk.Now))
	f := newFixtureWith(t, cfg, opts...)
	return &kakaoSite{fixture: f, fake: fake, clock: clk}
}

// connect runs the OAuth dance for a signed-in client and returns the callback path.
func (k *kakaoSite) connect(t *testing.T, c *client) string {
	t.Helper()
	r := c.get("/admin/kakao/connect")
	if r.status != http.StatusSeeOther {
		t.Fatalf("connect: %d %.200s", r.status, r.body)
	}
	back := testutil.Authorize(t, r.header.Get("Location"))
	if back.Path != "/admin/kakao/callback" {
		t.Fatalf("authorize sent the browser to %s", back)
	}
	cb := back.Path + "?" + back.RawQuery
	if r := c.get(cb); r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin/kakao?done=connected" {
		t.Fatalf("callback: %d %q %.300s", r.status, r.header.Get("Location"), r.body)
	}
	return cb
}

func (k *kakaoSite) deliver(t *testing.T) {
	t.Helper()
	if _, err := k.srv.Messages.Worker.DeliverDue(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func (k *kakaoSite) message(t *testing.T, id int64) *models.Message {
	t.Helper()
	m, err := models.MessageByID(context.Background(), k.srv.DB, id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func postJSON(t *testing.T, srv *server.Server, body string, headers ...string) response {
	t.Helper()
	return postJSONTo(t, srv, "/kakao/", body, headers...)
}

// postJSONTo posts a JSON body to path; headers may replace the Content-Type.
func postJSONTo(t *testing.T, srv *server.Server, path, body string, headers ...string) response {
	t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := srv.App.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func sendAPI(t *testing.T, srv *server.Server, card, text string) int64 {
	t.Helper()
	r := postJSON(t, srv, fmt.Sprintf(`{"name":"방문자","email":"v@example.com","message":%q,"card":%q}`, text, card))
	var out struct {
		Status struct{ Code int } `json:"status"`
		ID     int64              `json:"id"`
	}
	if err := json.Unmarshal([]byte(r.body), &out); err != nil || r.status != 200 || out.Status.Code != 200 || out.ID == 0 {
		t.Fatalf("POST /kakao/: %d %s", r.status, r.body)
	}
	return out.ID
}

type statusJSON struct {
	Members []struct {
		MemberID         int64   `json:"member_id"`
		Login            string  `json:"login"`
		State            string  `json:"state"`
		AccessExpiresAt  string  `json:"access_expires_at"`
		RefreshExpiresAt string  `json:"refresh_expires_at"`
		LastRefreshAt    *string `json:"last_refresh_at"`
		LastError        string  `json:"last_error"`
	} `json:"members"`
	Job struct {
		Name      string  `json:"name"`
		Schedule  string  `json:"schedule"`
		LastRunAt *string `json:"last_run_at"`
		NextRunAt *string `json:"next_run_at"`
		LastError string  `json:"last_error"`
	} `json:"job"`
}

func status(t *testing.T, c *client) statusJSON {
	t.Helper()
	r := c.get("/admin/kakao/status", "Accept", "application/json")
	var s statusJSON
	if r.status != 200 || json.Unmarshal([]byte(r.body), &s) != nil {
		t.Fatalf("status: %d %s", r.status, r.body)
	}
	return s
}

func TestKakaoConnectDeliverRevokeReconnect(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newKakaoSite(t, cfg)
		// A message before the owner connects waits, undelivered.
		first := sendAPI(t, k.srv, "alice", "연결 전에 보낸 메시지")
		k.deliver(t)
		if m := k.message(t, first); m.State != models.MessageWaiting {
			t.Fatalf("state before connecting: %s", m.State)
		}
		alice := newClient(t, k.srv)
		alice.login("alice", "alice-pass-1")

		// A forged state is refused.
		alice.get("/admin/kakao/connect")
		if r := alice.get("/admin/kakao/callback?code=abc&state=forged"); r.status != http.StatusBadRequest {
			t.Errorf("forged state: %d", r.status)
		}
		cb := k.connect(t, alice)
		// The waiting message arrives once connected.
		k.deliver(t)
		if m := k.message(t, first); m.State != models.MessageSent {
			t.Fatalf("waiting message after connect: %s (%s)", m.State, m.LastError)
		}
		memos := k.fake.Memos()
		if len(memos) != 1 || !strings.HasPrefix(memos[0].Text, "이름: 방문자\n메일: v@example.com\n메세지: 연결 전에") {
			t.Fatalf("memos: %+v", memos)
		}
		link := memos[0].Template["link"].(map[string]any)
		if link["web_url"] != fmt.Sprintf("http://localhost:8000/admin/messages/%d", first) || memos[0].Template["button_title"] != "메시지 보기" {
			t.Errorf("memo template: %v", memos[0].Template)
		}
		// Reloading the callback does not exchange the code again.
		if r := alice.get(cb); r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin/kakao?done=connected" {
			t.Errorf("reloaded callback: %d %q %.200s", r.status, r.header.Get("Location"), r.body)
		}
		st := status(t, alice)
		if len(st.Members) != 1 || st.Members[0].State != "healthy" || st.Members[0].Login != "alice" {
			t.Fatalf("status after connect: %+v", st)
		}
		ae, err := time.Parse(time.RFC3339, st.Members[0].AccessExpiresAt)
		if err != nil {
			t.Fatal(err)
		}
		if d := time.Until(ae); d < 5*time.Hour || d > 7*time.Hour {
			t.Errorf("access expires in %v, want about 6h", d)
		}
		if st.Job.Name != "kakao-token-refresh" || st.Job.Schedule != "every 10m0s" {
			t.Errorf("job: %+v", st.Job)
		}

		// -401: the fake expires the access token early; one refresh, one resend.
		k.fake.ExpireAccessTokens()
		second := sendAPI(t, k.srv, "alice", "두 번째")
		k.deliver(t)
		if m := k.message(t, second); m.State != models.MessageSent {
			t.Fatalf("after -401: %s (%s)", m.State, m.LastError)
		}
		if n := len(k.fake.Memos()); n != 2 {
			t.Errorf("%d memos after -401, want 2", n)
		}

		// Revocation at Kakao: refresh fails with invalid_grant → needs_reconnect, message waits.
		k.fake.Revoke(1001)
		third := sendAPI(t, k.srv, "alice", "세 번째")
		k.deliver(t)
		if m := k.message(t, third); m.State != models.MessageWaiting {
			t.Fatalf("after revoke: %s", m.State)
		}
		if st := status(t, alice); st.Members[0].State != "needs_reconnect" || !strings.Contains(st.Members[0].LastError, "KOE322") {
			t.Errorf("status after revoke: %+v", st.Members[0])
		}
		page := alice.get("/admin/kakao").body
		mustContain(t, "panel", page, `data-state="needs_reconnect"`, "다시 연결 필요")
		// Reconnecting delivers what waited.
		k.connect(t, alice)
		k.deliver(t)
		if m := k.message(t, third); m.State != models.MessageSent {
			t.Fatalf("after reconnect: %s", m.State)
		}
		if n := len(k.fake.Memos()); n != 3 {
			t.Errorf("%d memos in all, want 3", n)
		}
		// Bob sees only himself.
		bob := newClient(t, k.srv)
		bob.login("bob", "bob-pass-1")
		if st := status(t, bob); len(st.Members) != 1 || st.Members[0].Login != "bob" || st.Members[0].State != "disconnected" {
			t.Errorf("bob's status: %+v", st.Members)
		}
		admin := newClient(t, k.srv)
		admin.login("admin", adminPassword)
		if st := status(t, admin); len(st.Members) != 3 {
			t.Errorf("admin sees %d members, want 3", len(st.Members))
		}
		// The inbox shows the messages with their history.
		inbox := alice.get(fmt.Sprintf("/admin/messages/%d", third)).body
		mustContain(t, "message", inbox, "세 번째", `data-state="sent"`, "waiting", "카카오가 요청을 거절했습니다 (KOE322)")
		if strings.Contains(inbox, "invalid_grant") || strings.Contains(inbox, "kakao refresh") {
			t.Error("Kakao's own error text reaches the inbox page")
		}
		if r := bob.get(fmt.Sprintf("/admin/messages/%d", third)); r.status != http.StatusForbidden {
			t.Errorf("bob reading alice's message: %d", r.status)
		}
	})
}

// An owner signed in at another host than BASE_URL's (127.0.0.1 for localhost) is sent to
// BASE_URL's host to connect, where Kakao's callback will find their session; the panel
// says so. The marker keeps a proxy that rewrites Host from looping.
func TestConnectMovesToTheBaseURLHost(t *testing.T) {
	t.Parallel()
	kakao := &fakeKakao{authURL: "https://kauth.example/oauth/authorize"}
	c := newClient(t, alone(t, kakaoPanelDeps(kakao)))
	c.signIn("alice", "alice-pass-1", "")
	other := func(path string) response {
		req := httptest.NewRequest("GET", path, nil)
		req.Host = "127.0.0.1:8000"
		return c.send(req)
	}
	if r := other("/admin/kakao/connect"); r.status != http.StatusSeeOther || r.header.Get("Location") != "http://localhost:8000/admin/kakao/connect?moved=1" {
		t.Errorf("connect at another host: %d %q", r.status, r.header.Get("Location"))
	}
	if r := other("/admin/kakao/connect?moved=1"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), kakao.authURL+"?state=") {
		t.Errorf("connect after the move: %d %q", r.status, r.header.Get("Location"))
	}
	if r := other("/admin/kakao"); !strings.Contains(r.body, `id="kakao-host-hint"`) || !strings.Contains(r.body, "http://localhost:8000/admin/kakao") {
		t.Errorf("the panel at another host gives no hint: %.300s", r.body)
	}
	if r := c.get("/admin/kakao"); r.status != 200 || strings.Contains(r.body, `id="kakao-host-hint"`) {
		t.Errorf("the panel at BASE_URL's host: %d, with a hint to move", r.status)
	}
}

// The panel's button says "connect" before a connection and "connect again" after it.
func TestConnectButtonSaysReconnectOnceConnected(t *testing.T) {
	t.Parallel()
	kakao := &fakeKakao{authURL: "https://kauth.example/oauth/authorize"}
	alice := newClient(t, alone(t, kakaoPanelDeps(kakao)))
	alice.signIn("alice", "alice-pass-1", "")
	if !strings.Contains(alice.get("/admin/kakao").body, ">카카오톡 연결</a>") {
		t.Error("before connecting, the button does not say connect")
	}
	kakao.set(2, messages.TokenHealthy) // alice, as a connection makes her
	if body := alice.get("/admin/kakao").body; !strings.Contains(body, ">카카오톡 다시 연결</a>") {
		t.Error("after connecting, the button still says connect")
	}
}

// A site restored without KAKAO_REST_API_KEY keeps the tokens it had, but says one
// thing: KakaoTalk cannot be used. No "healthy" token row or channel beside "no key".
func TestNoKakaoKeyIsOneTruth(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newKakaoSite(t, cfg)
		alice := newClient(t, k.srv)
		alice.login("alice", "alice-pass-1")
		k.connect(t, alice)
		cfg.Kakao.RestAPIKey = ""
		restored := testsite.Server(t, cfg, server.WithFastPasswordHashing())
		c := newClient(t, restored)
		c.login("alice", "alice-pass-1")
		for _, path := range []string{"/admin/kakao", "/admin/channels"} {
			body := c.get(path).body
			if !strings.Contains(body, "KAKAO_REST_API_KEY") {
				t.Errorf("%s does not say the key is missing", path)
			}
			for _, healthy := range []string{`data-login="alice" data-state="healthy"`, `data-channel="kakao" data-health="healthy"`, `id="channel-kakao" data-health="healthy"`} {
				if strings.Contains(body, healthy) {
					t.Errorf("%s says %s beside the missing key", path, healthy)
				}
			}
		}
	})
}
