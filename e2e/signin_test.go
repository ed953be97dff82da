package e2e

import (
	"context"
	"net"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"sitecard/internal/config"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/internal/testutil/testsite"
)

// localSite serves sitecard on a loopback port with BASE_URL at localhost: WebAuthn
// needs a relying party that is a host name, and a secure context, which localhost is.
func localSite(t *testing.T, cfg *config.Config, opts ...server.Option) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://localhost:" + itoaPort(ln.Addr())
	if cfg.BaseURL, err = url.Parse(base); err != nil {
		t.Fatal(err)
	}
	cfg.AdminLogin, cfg.AdminPassword = "owner", "owner-pass-1"
	srv := testsite.Server(t, cfg, append(opts, server.WithFastPasswordHashing())...)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln, 5*time.Second) }()
	t.Cleanup(func() { cancel(); <-done })
	return base
}

func itoaPort(a net.Addr) string {
	_, port, _ := net.SplitHostPort(a.String())
	return port
}

// signOut presses the dashboard's sign-out button.
func signOut(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
	waitTrue(t, ctx, `location.pathname === "/"`)
}

// A passkey in Chromium's virtual authenticator: added on the account page, it signs in
// alone from the sign-in page; removed, it is refused.
func TestPasskeyInChromium(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		base := localSite(t, cfg)
		ctx := browser(t)
		if _, err := chromedp.Call(ctx, webauthn.Enable, webauthn.EnableParams{}); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{Options: &webauthn.VirtualAuthenticatorOptions{
			Protocol: webauthn.AuthenticatorProtocolCtap2, Transport: webauthn.AuthenticatorTransportInternal,
			HasResidentKey: true, HasUserVerification: true, IsUserVerified: true, AutomaticPresenceSimulation: true,
		}}); err != nil {
			t.Fatal(err)
		}
		signInOwner(t, ctx, base)
		do(t, ctx, chromedp.Navigate(base+"/admin/account"), chromedp.WaitVisible(chromedp.CSS("#passkey-add-button")),
			chromedp.SendKeys(chromedp.CSS("#passkey-name"), "Laptop"), chromedp.Click(chromedp.CSS("#passkey-add-button")))
		waitTrue(t, ctx, `!!document.querySelector('.passkey[data-name="Laptop"]')`)
		if got := eval[string](t, ctx, `document.querySelector('.passkey[data-name="Laptop"]').textContent`); !strings.Contains(got, "없음") {
			t.Errorf("a new passkey's last use: %q, want never", got)
		}
		signOut(t, ctx)

		// The passkey alone: no login, no password.
		do(t, ctx, chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.CSS("#passkey-login")), chromedp.Click(chromedp.CSS("#passkey-login")))
		waitTrue(t, ctx, `location.pathname === "/admin" && !!document.querySelector(".admin-main")`)
		do(t, ctx, chromedp.Navigate(base+"/admin/account"), chromedp.WaitVisible(chromedp.CSS(`.passkey[data-name="Laptop"]`)))
		if got := eval[string](t, ctx, `document.querySelector('.passkey[data-name="Laptop"]').textContent`); strings.Contains(got, "없음") {
			t.Errorf("after signing in with it, the passkey's last use: %q", got)
		}
		if os.Getenv("UPDATE_SCREENSHOTS") != "" && cfg.Dialect == config.SQLite {
			do(t, ctx, chromedp.EmulateViewport(1280, 1500), chromedp.Navigate(base+"/admin/account"), chromedp.WaitVisible(chromedp.CSS("#sessions")))
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile("../docs/screenshot-account.png", png, 0o644); err != nil {
				t.Fatal(err)
			}
		}

		// Removed, the same passkey (still in the authenticator) is refused.
		do(t, ctx, chromedp.Click(chromedp.CSS(`.passkey[data-name="Laptop"] button`)))
		waitTrue(t, ctx, `!!document.querySelector("#no-passkeys")`)
		signOut(t, ctx)
		do(t, ctx, chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.CSS("#passkey-login")), chromedp.Click(chromedp.CSS("#passkey-login")))
		waitTrue(t, ctx, `!document.querySelector("#passkey-error").hidden`)
		do(t, ctx, chromedp.Navigate(base+"/admin"))
		waitTrue(t, ctx, `location.pathname === "/login"`)
	})
}

// An authenticator app in the browser: set up from the QR page, then the sign-in asks
// for its code after the password.
func TestTOTPSignInInChromium(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		clock := &testutil.Clock{}
		base := localSite(t, cfg, server.WithClock(clock.Now))
		ctx := browser(t)
		signInOwner(t, ctx, base)
		do(t, ctx, chromedp.Navigate(base+"/admin/account"), chromedp.WaitVisible(chromedp.CSS("#totp-start")), chromedp.Click(chromedp.CSS("#totp-start")))
		waitTrue(t, ctx, `!!document.querySelector("#totp-secret")`)
		if !eval[bool](t, ctx, `!!document.querySelector(".qr svg path")`) {
			t.Error("no QR code on the setup page")
		}
		secret := eval[string](t, ctx, `document.querySelector("#totp-secret").textContent`)
		code, err := totp.GenerateCode(secret, clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		do(t, ctx, chromedp.SendKeys(chromedp.CSS("#totp-code"), code), chromedp.Click(chromedp.CSS("#totp-confirm")))
		waitTrue(t, ctx, `document.querySelectorAll("#recovery-codes code").length === 10`)
		signOut(t, ctx)

		clock.Advance(30 * time.Second) // the first code is spent
		do(t, ctx, chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.CSS("#login-login")),
			chromedp.SendKeys(chromedp.CSS("#login-login"), "owner"), chromedp.SendKeys(chromedp.CSS("#login-password"), "owner-pass-1"),
			chromedp.Click(chromedp.CSS(`form.auth button[type="submit"]`)))
		waitTrue(t, ctx, `location.pathname === "/login/code" && !!document.querySelector("#code-code")`)
		code, _ = totp.GenerateCode(secret, clock.Now())
		do(t, ctx, chromedp.SendKeys(chromedp.CSS("#code-code"), code), chromedp.Click(chromedp.CSS("#code-submit")))
		waitTrue(t, ctx, `location.pathname === "/admin" && !!document.querySelector(".admin-main")`)
	})
}
