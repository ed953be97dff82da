package e2e

import (
	"net"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sitecard/internal/config"
	"sitecard/internal/kakao/kakaofake"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/internal/testutil/testsite"
)

// The whole KakaoTalk story in a browser: a visitor writes from the card's window and sees
// the confirmation; the owner connects through the fake Kakao, sees "healthy" with the
// expiry times, and the waiting message arrives at the fake.
func TestVisitorMessageAndOwnerConnects(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		var offset atomic.Int64
		now := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
		// The site's address must be known before the fake registers its redirect URI.
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		base := "http://" + ln.Addr().String()
		ln.Close()
		redirect := base + "/admin/kakao/callback"
		fake := kakaofake.New("rest-key", "", redirect)
		fs := httptest.NewServer(fake)
		t.Cleanup(fs.Close)
		cfg.BaseURL.Host = ln.Addr().String()
		cfg.Kakao = config.KakaoConfig{RestAPIKey: "rest-key", RedirectURI: redirect, AuthURL: fs.URL, APIURL: fs.URL}
		cfg.AdminLogin, cfg.AdminPassword = "owner", "owner-pass-1"
		siteAt(t, cfg, ln.Addr().String(), server.WithClock(now))
		ctx := browser(t)

		// The visitor.
		do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(".card")),
			chromedp.Click(chromedp.CSS("#kakao-open")), chromedp.WaitVisible(chromedp.CSS("#contact-form input[name=name]")))
		offset.Add(int64(5 * time.Second)) // a person takes a few seconds to write
		do(t, ctx,
			chromedp.SendKeys(chromedp.CSS("#contact-form input[name=name]"), "김방문"),
			chromedp.SendKeys(chromedp.CSS("#contact-form input[name=email]"), "visit@example.com"),
			chromedp.SendKeys(chromedp.CSS("#contact-form textarea[name=message]"), "명함 잘 봤습니다!"),
			chromedp.Click(chromedp.CSS("#contact-form button[type=submit]")),
		)
		waitTrue(t, ctx, `!!document.querySelector("#kakao-window .contact-sent")`)
		if txt := eval[string](t, ctx, `document.querySelector("#kakao-window .contact-sent").textContent`); !strings.Contains(txt, "받은 편지함에서 읽습니다") || strings.Contains(txt, "전달되었습니다") {
			t.Errorf("confirmation: %q", txt)
		}

		// The owner.
		do(t, ctx, chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.CSS(`input[name="login"]`)),
			chromedp.SendKeys(chromedp.CSS(`input[name="login"]`), "owner"),
			chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "owner-pass-1"),
			chromedp.Click(chromedp.CSS(`form.auth button[type="submit"]`)))
		waitTrue(t, ctx, `location.pathname === "/admin"`)
		do(t, ctx, chromedp.Navigate(base+"/admin/kakao"), chromedp.WaitVisible(chromedp.CSS("#kakao-connect")))
		if state := eval[string](t, ctx, `document.querySelector('tr[data-login="owner"]').dataset.state`); state != "disconnected" {
			t.Errorf("before connecting: %s", state)
		}
		do(t, ctx, chromedp.Click(chromedp.CSS("#kakao-connect")))
		waitTrue(t, ctx, `location.search.includes("done=connected") && !!document.querySelector('tr[data-login="owner"][data-state="healthy"]')`)
		row := eval[string](t, ctx, `document.querySelector('tr[data-login="owner"]').textContent`)
		if !strings.Contains(row, "정상") || !regexp.MustCompile(`[56]시간 [0-9]+분 후`).MatchString(row) || !regexp.MustCompile(`(59|60)일 [0-9]+시간 후`).MatchString(row) {
			t.Errorf("status row: %q", row)
		}
		if !eval[bool](t, ctx, `!!document.querySelector("#job-status") && document.querySelector("#job-status").textContent.includes("kakao-token-refresh")`) {
			t.Error("the job's status is missing")
		}
		if os.Getenv("UPDATE_SCREENSHOTS") != "" && cfg.Dialect == config.SQLite {
			do(t, ctx, chromedp.EmulateViewport(1280, 640))
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile("../docs/screenshot-kakao.png", png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		// The message that waited is delivered by the worker now that the owner connected.
		deadline := time.Now().Add(10 * time.Second)
		for len(fake.Memos()) == 0 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond) // polling with a deadline
		}
		memos := fake.Memos()
		if len(memos) != 1 || !strings.Contains(memos[0].Text, "명함 잘 봤습니다!") {
			t.Fatalf("memos at the fake: %+v", memos)
		}
		// The memo is at the fake a moment before the worker records it: the inbox shows
		// it sent within the deadline.
		st := ""
		for deadline := time.Now().Add(10 * time.Second); st != "sent" && time.Now().Before(deadline); {
			do(t, ctx, chromedp.Navigate(base+"/admin/messages"), chromedp.WaitVisible(chromedp.CSS(".message-row")))
			st = eval[string](t, ctx, `document.querySelector(".message-row").dataset.state`)
		}
		if st != "sent" {
			t.Errorf("inbox state: %s", st)
		}
	})
}

// siteAt is site on a chosen loopback address (the fake must know the redirect URI first).
func siteAt(t *testing.T, cfg *config.Config, addr string, opts ...server.Option) {
	t.Helper()
	var ln net.Listener
	var err error
	for range 50 {
		if ln, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond) // the port was just released; retry briefly
	}
	if err != nil {
		t.Fatal(err)
	}
	srv := testsite.Server(t, cfg, opts...)
	ctxDone := make(chan struct{})
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctxFromChan(ctxDone), ln, 5*time.Second) }()
	t.Cleanup(func() { close(ctxDone); <-done })
}

// The README's first run at 127.0.0.1 while BASE_URL says localhost: connecting moves the
// owner to localhost, where they sign in once more, and the connection is made.
func TestConnectFromAnotherHost(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	ln.Close()
	port := strconv.Itoa(addr.Port)
	redirect := "http://localhost:" + port + "/admin/kakao/callback"
	fake := kakaofake.New("rest-key", "", redirect)
	fs := httptest.NewServer(fake)
	t.Cleanup(fs.Close)
	cfg.BaseURL.Host = "localhost:" + port
	cfg.Kakao = config.KakaoConfig{RestAPIKey: "rest-key", RedirectURI: redirect, AuthURL: fs.URL, APIURL: fs.URL}
	cfg.AdminLogin, cfg.AdminPassword = "owner", "owner-pass-1"
	siteAt(t, cfg, "127.0.0.1:"+port)
	ctx := browser(t)
	signIn := func() {
		do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`input[name="login"]`)),
			chromedp.SendKeys(chromedp.CSS(`input[name="login"]`), "owner"),
			chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "owner-pass-1"),
			chromedp.Click(chromedp.CSS(`form.auth button[type="submit"]`)))
	}
	do(t, ctx, chromedp.Navigate("http://127.0.0.1:"+port+"/login"))
	signIn()
	waitTrue(t, ctx, `location.pathname === "/admin"`)
	do(t, ctx, chromedp.Navigate("http://127.0.0.1:"+port+"/admin/kakao"), chromedp.WaitVisible(chromedp.CSS("#kakao-host-hint")))
	do(t, ctx, chromedp.Click(chromedp.CSS("#kakao-connect")))
	waitTrue(t, ctx, `location.host === "localhost:`+port+`" && location.pathname === "/login"`)
	signIn()
	waitTrue(t, ctx, `location.host === "localhost:`+port+`" && location.search.includes("done=connected") && !!document.querySelector('tr[data-login="owner"][data-state="healthy"]')`)
}
