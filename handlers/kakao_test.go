package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sitecard/config"
	"sitecard/kakaofake"
	"sitecard/models"
	"sitecard/server"
	"sitecard/services"
	"sitecard/testutil"
)

// clock is a test clock that moves only when told.
type clock struct{ offset atomic.Int64 }

func (c *clock) now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *clock) advance(d time.Duration) { c.offset.Add(int64(d)) }

// kakaoSite is a fixture whose Kakao is the fake, on a real loopback server.
type kakaoSite struct {
	*fixture
	fake  *kakaofake.Fake
	clock *clock
}

func newKakaoSite(t *testing.T, cfg *config.Config, opts ...server.Option) *kakaoSite {
	t.Helper()
	clk := &clock{}
	redirect := cfg.BaseURL.String() + "/admin/kakao/callback"
	fake := kakaofake.New("rest-key", "client-secret", redirect).WithClock(clk.now)
	ts := httptest.NewServer(fake)
	t.Cleanup(ts.Close)
	cfg.Kakao = config.KakaoConfig{RestAPIKey: "rest-key", ClientSecret: "client-secret", RedirectURI: redirect, AuthURL: ts.URL, APIURL: ts.URL}
	cfg.ContactPerIP, cfg.ContactPerCard = config.Rate{}, config.Rate{}
	opts = append(opts, server.WithClock(clk.now))
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
	back := authorize(t, r.header.Get("Location"))
	if back.Path != "/admin/kakao/callback" {
		t.Fatalf("authorize sent the browser to %s", back)
	}
	cb := back.Path + "?" + back.RawQuery
	if r := c.get(cb); r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin/kakao?done=connected" {
		t.Fatalf("callback: %d %q %.300s", r.status, r.header.Get("Location"), r.body)
	}
	return cb
}

// authorize visits the fake's consent URL and returns where it redirects the browser.
func authorize(t *testing.T, location string) *url.URL {
	t.Helper()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(location)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize: %d", resp.StatusCode)
	}
	back, _ := url.Parse(resp.Header.Get("Location"))
	return back
}

func (k *kakaoSite) deliver(t *testing.T) {
	t.Helper()
	if _, err := k.srv.Outbox.DeliverDue(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func (k *kakaoSite) message(t *testing.T, id int64) *models.Message {
	t.Helper()
	m := new(models.Message)
	if err := k.srv.DB.NewSelect().Model(m).Where("id = ?", id).Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	return m
}

func postJSON(t *testing.T, srv *server.Server, body string, headers ...string) response {
	t.Helper()
	req := httptest.NewRequest("POST", "/kakao/", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := srv.App.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b.String()}
}

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
		ae, _ := time.Parse(time.RFC3339, st.Members[0].AccessExpiresAt)
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
		mustContain(t, "message", inbox, "세 번째", `data-state="sent"`, "waiting")
		if r := bob.get(fmt.Sprintf("/admin/messages/%d", third)); r.status != http.StatusForbidden {
			t.Errorf("bob reading alice's message: %d", r.status)
		}
	})
}

func TestDeliveryRetriesAndSendsExactlyOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newKakaoSite(t, cfg, server.WithKakaoHTTPClient(&http.Client{Timeout: 300 * time.Millisecond}))
		alice := newClient(t, k.srv)
		alice.login("alice", "alice-pass-1")
		k.connect(t, alice)

		k.fake.FailNext(http.StatusInternalServerError, 2)
		id := sendAPI(t, k.srv, "alice", "5xx")
		k.deliver(t)
		m := k.message(t, id)
		if m.State != models.MessagePending || m.NextAttemptAt == nil || m.Attempts != 1 {
			t.Fatalf("after a 500: %s attempts %d", m.State, m.Attempts)
		}
		k.deliver(t) // not due yet
		if k.message(t, id).Attempts != 1 {
			t.Fatal("retried before the backoff")
		}
		for range 3 {
			k.clock.advance(10 * time.Minute)
			k.deliver(t)
		}
		if m := k.message(t, id); m.State != models.MessageSent || m.Attempts != 3 {
			t.Fatalf("after retries: %s attempts %d (%s)", m.State, m.Attempts, m.LastError)
		}
		// A timeout: the fake answers after the client gave up.
		k.fake.DelayNext(2*time.Second, 1)
		id2 := sendAPI(t, k.srv, "alice", "timeout")
		k.deliver(t)
		if m := k.message(t, id2); m.State != models.MessagePending {
			t.Fatalf("after a timeout: %s", m.State)
		}
		k.clock.advance(10 * time.Minute)
		k.deliver(t)
		if m := k.message(t, id2); m.State != models.MessageSent {
			t.Fatalf("after the timeout retry: %s", m.State)
		}
		count := map[string]int{}
		for _, m := range k.fake.Memos() {
			count[m.Text]++
		}
		for text, n := range count {
			if n != 1 {
				t.Errorf("%q delivered %d times", text, n)
			}
		}
		if len(count) != 2 {
			t.Errorf("%d distinct memos, want 2", len(count))
		}
		var hist []models.MessageAttempt
		k.srv.DB.NewSelect().Model(&hist).Where("message_id = ?", id).Scan(context.Background()) //nolint:errcheck
		if len(hist) != 3 || hist[0].Outcome != "retry" || hist[2].Outcome != "sent" {
			t.Errorf("history: %+v", hist)
		}
	})
}

func TestCrashBetweenCommitAndSendLosesNothing(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newKakaoSite(t, cfg)
		alice := newClient(t, k.srv)
		alice.login("alice", "alice-pass-1")
		k.connect(t, alice)
		// Committed, then the process died: never claimed, and one claimed mid-send.
		a := sendAPI(t, k.srv, "alice", "claimed by nobody")
		b := sendAPI(t, k.srv, "alice", "claimed by a dead worker")
		_, err := k.srv.DB.NewUpdate().Model((*models.Message)(nil)).Set("state = ?", models.MessageSending).
			Set("claimed_by = ?", "dead").Set("claimed_at = ?", k.clock.now().UTC()).Where("id = ?", b).Exec(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		// A new instance starts on the same database.
		cfg2 := *cfg
		next := testutil.Server(t, &cfg2, server.WithClock(k.clock.now))
		if _, err := next.Outbox.DeliverDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		if m := k.message(t, a); m.State != models.MessageSent {
			t.Errorf("unclaimed message after restart: %s", m.State)
		}
		if m := k.message(t, b); m.State != models.MessageSending {
			t.Errorf("a fresh claim was stolen: %s", m.State)
		}
		k.clock.advance(3 * time.Minute)             // the dead worker's claim times out
		next.Outbox.DeliverDue(context.Background()) //nolint:errcheck
		if m := k.message(t, b); m.State != models.MessageSent {
			t.Errorf("message of the dead worker: %s", m.State)
		}
	})
}

func TestTwoWorkersRacingSendEachMessageOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newKakaoSite(t, cfg)
		alice := newClient(t, k.srv)
		alice.login("alice", "alice-pass-1")
		k.connect(t, alice)
		other := testutil.Server(t, cfg, server.WithClock(k.clock.now))
		k.fake.SetDailyQuota(1000)
		ctx := context.Background()
		for i := range 200 {
			if _, err := k.srv.DB.NewInsert().Model(&models.Message{CardID: &k.cardID, MemberID: &k.aliceID, Name: "n",
				Email: "e@x.co", Body: fmt.Sprintf("race %03d", i), State: models.MessagePending, NextAttemptAt: ptr(k.clock.now().UTC()),
				CreatedAt: k.clock.now().UTC(), UpdatedAt: k.clock.now().UTC()}).Exec(ctx); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		for _, o := range []*services.Outbox{k.srv.Outbox, other.Outbox} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := o.DeliverDue(ctx); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		seen := map[string]int{}
		for _, m := range k.fake.Memos() {
			seen[m.Text]++
		}
		if len(seen) != 200 {
			t.Errorf("%d distinct messages delivered, want 200", len(seen))
		}
		for text, n := range seen {
			if n != 1 {
				t.Errorf("%q sent %d times", text, n)
			}
		}
		n, _ := k.srv.DB.NewSelect().Model((*models.Message)(nil)).Where("state = ?", models.MessageSent).Count(ctx)
		if n != 200 {
			t.Errorf("%d messages marked sent, want 200", n)
		}
	})
}

func ptr[T any](v T) *T { return &v }

func TestTokenRotationOverMonths(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newKakaoSite(t, cfg)
		alice := newClient(t, k.srv)
		alice.login("alice", "alice-pass-1")
		k.connect(t, alice)
		ctx := context.Background()
		rotations := 0
		var lastRefreshExp string
		// Four months, one refresh-job tick every 5 hours (the access token lasts 6).
		for hour := 0; hour < 4*30*24; hour += 5 {
			k.clock.advance(5 * time.Hour)
			if _, err := k.srv.Tokens.RefreshDue(ctx); err != nil {
				t.Fatalf("hour %d: %v", hour, err)
			}
			st := status(t, alice).Members[0]
			if st.State == "needs_reconnect" {
				t.Fatalf("hour %d: connection lapsed: %s", hour, st.LastError)
			}
			if st.RefreshExpiresAt != lastRefreshExp {
				if lastRefreshExp != "" {
					rotations++
				}
				lastRefreshExp = st.RefreshExpiresAt
			}
		}
		if rotations < 2 {
			t.Errorf("%d refresh-token rotations in four months, want at least 2", rotations)
		}
		if n := k.fake.RefreshTokenCount(); n != 1 {
			t.Errorf("%d live refresh tokens at Kakao, want 1 (old ones die on rotation)", n)
		}
		id := sendAPI(t, k.srv, "alice", "넉 달 뒤")
		k.deliver(t)
		if m := k.message(t, id); m.State != models.MessageSent {
			t.Errorf("after four months: %s (%s)", m.State, m.LastError)
		}
	})
}
