package e2e

import (
	"os"
	"strings"
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"sitecard/internal/testutil"
)

// An owner sets up a webhook on a phone: a private address is refused beside the field,
// a public one is saved and its secret shown once, in a box that fits the screen; the
// switch turns KakaoTalk off and the page says so.
func TestChannelsPageOnAPhone(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	cfg.AdminLogin, cfg.AdminPassword = "owner", "owner-pass-1"
	base := site(t, cfg)
	ctx := browser(t)
	do(t, ctx, chromedp.EmulateViewport(375, 812))
	signInOwner(t, ctx, base)
	do(t, ctx, chromedp.Navigate(base+"/admin/channels"), chromedp.WaitVisible(chromedp.CSS("#channel-webhook")))
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#webhook-webhook_url"), "https://10.0.0.7/hook"),
		chromedp.Click(chromedp.CSS(`#channel-webhook form.stack button[type="submit"]`)))
	waitTrue(t, ctx, `!!document.querySelector("#webhook-webhook_url[aria-invalid=true]")`)
	if msg := eval[string](t, ctx, `document.getElementById("webhook-webhook_url-error").textContent`); !strings.Contains(msg, "공개 주소") {
		t.Errorf("the refusal beside the field: %q", msg)
	}
	if !eval[bool](t, ctx, `(() => { const u = document.getElementById("webhook-webhook_url"), p = document.getElementById("webhook-preset");
		u.value = "https://ntfy.sh/my-card"; u.dispatchEvent(new Event("input", {bubbles: true})); p.value = "ntfy"; return p.value === "ntfy" })()`) {
		t.Fatal("the ntfy preset is not offered")
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`#channel-webhook form.stack button[type="submit"]`)))
	waitTrue(t, ctx, `!!document.querySelector("#webhook-secret-value")`)
	secret := eval[string](t, ctx, `document.querySelector("#webhook-secret-value").value`)
	if !strings.HasPrefix(secret, "whsec_") {
		t.Errorf("secret %q", secret)
	}
	// The copy button (the site's script; no inline script) puts the secret on the clipboard.
	for _, perm := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := chromedp.Call(ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
			Permission: &cdpbrowser.PermissionDescriptor{Name: perm}, Setting: cdpbrowser.PermissionSettingGranted,
			BrowserContextID: chromedp.FromContext(ctx).BrowserContextID}); err != nil {
			t.Fatal(err)
		}
	}
	if !shown(t, ctx, "#webhook-secret-copy") {
		t.Fatal("no copy button beside the secret")
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("#webhook-secret-copy")))
	waitTrue(t, ctx, `document.querySelector("#webhook-secret-copy").textContent === "복사했습니다"`)
	eval[bool](t, ctx, `(navigator.clipboard.readText().then(t => { window.clip = t }), true)`)
	waitTrue(t, ctx, `typeof window.clip === "string"`)
	if got := eval[string](t, ctx, `window.clip`); got != secret {
		t.Errorf("the clipboard holds %q, want the secret", got)
	}
	if sw, cw := eval[int](t, ctx, `document.documentElement.scrollWidth`), eval[int](t, ctx, `document.documentElement.clientWidth`); sw > cw {
		t.Errorf("the page is %d px wide in a %d px window", sw, cw)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("#kakao-toggle")))
	waitTrue(t, ctx, `document.querySelector("#channel-kakao")?.dataset.health === "off"`)
	if got := eval[string](t, ctx, `document.querySelector("#kakao-onoff").textContent + " " + document.querySelector("#kakao-toggle").textContent`); got != "지금 꺼져 있습니다. 켜기" {
		t.Errorf("the switch reads %q", got)
	}
	if eval[bool](t, ctx, `!!document.querySelector("#webhook-secret-value")`) {
		t.Error("the secret is still shown after another action")
	}
	do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/admin/channels"), chromedp.WaitVisible(chromedp.CSS("#channel-webhook")))
	if os.Getenv("UPDATE_SCREENSHOTS") != "" {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("../docs/screenshot-channels.png", png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	do(t, ctx, chromedp.Navigate(base+"/admin/kakao"), chromedp.WaitVisible(chromedp.CSS("#channel-health")))
	if got := eval[string](t, ctx, `[...document.querySelectorAll("#channel-health li")].map(li => li.dataset.channel + "=" + li.dataset.health).join(" ")`); got != "kakao=off email=off webhook=healthy" {
		t.Errorf("the status fragment's channels: %q", got)
	}
}
