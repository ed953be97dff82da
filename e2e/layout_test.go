package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/internal/testutil/testsite"
	"sitecard/services"
)

// On phones the floating buttons leave the skill percentages free and the social buttons
// stay on one row; the message window keeps its send button in view with errors shown.
func TestPhoneCardLayout(t *testing.T) {
	base := site(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	ctx := browser(t)
	for _, width := range []int64{375, 320} {
		w := strconv.FormatInt(width, 10) + " px"
		do(t, ctx, chromedp.EmulateViewport(width, 740), chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(".card")))
		covered := eval[[]string](t, ctx, `(() => {
			const out = [];
			for (const pct of document.querySelectorAll(".skill-pct")) {
				pct.scrollIntoView({block: "center"});
				const p = pct.getBoundingClientRect();
				for (const f of document.querySelectorAll(".fab")) {
					const s = getComputedStyle(f); if (s.visibility === "hidden" || s.display === "none") continue;
					const r = f.getBoundingClientRect();
					if (r.left < p.right && r.right > p.left && r.top < p.bottom && r.bottom > p.top) out.push(pct.textContent);
				}
			}
			return out })()`)
		if len(covered) > 0 {
			t.Errorf("%s: floating buttons cover the percentages %v", w, covered)
		}
		if rows := eval[int](t, ctx, `new Set([...document.querySelectorAll(".socials .social")].map(e => e.offsetTop)).size`); rows != 1 {
			t.Errorf("%s: the social buttons take %d rows", w, rows)
		}
		// The message window with every field refused: the send button is still in view.
		do(t, ctx, chromedp.Evaluate[chromedp.Void](`scrollTo(0, 0)`), chromedp.Click(chromedp.CSS("#kakao-open")),
			chromedp.WaitVisible(chromedp.CSS("#contact-form button[type=submit]")))
		do(t, ctx, chromedp.Click(chromedp.CSS("#contact-form button[type=submit]")))
		waitTrue(t, ctx, `document.querySelectorAll("#contact-form .field.invalid").length === 3`)
		if !eval[bool](t, ctx, `(() => {
			const b = document.querySelector("#contact-form button[type=submit]").getBoundingClientRect();
			const body = document.querySelector("#kakao-window .window-body").getBoundingClientRect();
			return b.height > 0 && b.top >= body.top - 1 && b.bottom <= body.bottom + 1 && b.bottom <= innerHeight })()`) {
			t.Errorf("%s: with errors shown the send button is cut off", w)
		}
		do(t, ctx, chromedp.Click(chromedp.CSS("#kakao-window .window-close")))
	}
}

// The dashboard on a phone and on a desktop, in dark mode: the views chart is drawn and
// readable (bars in the theme's accent, a title and a description for screen readers, the
// numbers as a table), each card has its sparkline, and nothing needs sideways scrolling
// or breaks inside a word.
func TestDashboardChartAndLayout(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	cfg.AdminLogin, cfg.AdminPassword = "owner", "owner-pass-1"
	base := site(t, cfg)
	ctx := browser(t)
	emulateMedia(t, ctx, "dark")
	do(t, ctx, chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.CSS(`input[name="login"]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name="login"]`), "owner"),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "owner-pass-1"),
		chromedp.Click(chromedp.CSS(`form.auth button[type="submit"]`)))
	waitTrue(t, ctx, `location.pathname === "/admin"`)
	for _, width := range []int64{1280, 375} {
		w := strconv.FormatInt(width, 10) + " px"
		do(t, ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(base+"/admin"), chromedp.WaitVisible(chromedp.CSS("#views-chart svg")))
		if !eval[bool](t, ctx, `(() => {
			const svg = document.querySelector("#views-chart svg"), r = svg.getBoundingClientRect();
			const bar = getComputedStyle(document.querySelector(".chart-bar")).fill;
			return r.width > 200 && r.height > 100 && bar === "rgb(140, 130, 255)" && svg.getAttribute("role") === "img" &&
				!!document.getElementById(svg.getAttribute("aria-labelledby").split(" ")[1]).textContent &&
				document.querySelectorAll("#views-chart .chart-bar").length === 30 &&
				document.querySelectorAll("#views-chart table tbody tr").length === 30 && document.querySelectorAll("#views-chart table thead th").length === 2 })()`) {
			t.Errorf("%s: the views chart is missing, unreadable in dark mode or without its text", w)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll("tr.card-row .spark polyline").length`); n != 1 {
			t.Errorf("%s: %d sparklines for 1 card", w, n)
		}
		// On a phone the table's header row is hidden; each number carries its column's name.
		if width < 560 {
			if label := eval[string](t, ctx, `getComputedStyle(document.querySelector("tr.card-row td[data-views]"), "::before").content`); !strings.Contains(label, "30") {
				t.Errorf("%s: the views number has no label beside it (%s)", w, label)
			}
		}
		for _, page := range []string{"/admin", "/admin/members", "/admin/kakao", "/admin/channels"} {
			do(t, ctx, chromedp.Navigate(base+page), chromedp.WaitVisible(chromedp.CSS("#admin")))
			waitTrue(t, ctx, `!document.querySelector("[hx-trigger=load]") || !!document.querySelector("#kakao-status")`)
			if sw, cw := eval[int](t, ctx, `document.documentElement.scrollWidth`), eval[int](t, ctx, `document.documentElement.clientWidth`); sw > cw {
				t.Errorf("%s %s: %d px wide in a %d px window", w, page, sw, cw)
			}
			// A word broken over two lines shows as a cell or button taller than its text.
			broken := eval[[]string](t, ctx, `[...document.querySelectorAll(".search .button, .state, .list td .button")].filter(e => {
				const lh = parseFloat(getComputedStyle(e).lineHeight) || 20; return e.getClientRects().length > 1 || e.getBoundingClientRect().height > 2.2 * lh
			}).map(e => e.textContent.trim())`)
			if len(broken) > 0 {
				t.Errorf("%s %s: broken over lines: %v", w, page, broken)
			}
		}
	}
}

// More of the phone layout: a dozen links stay on one row that scrolls sideways, the
// footer's words are never under the floating buttons, the Mail./Site./Tel. labels share
// one column, and the KakaoTalk token table labels each value once its header is hidden.
func TestPhoneLayoutDetails(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	cfg.AdminLogin, cfg.AdminPassword = "owner", "owner-pass-1"
	base := site(t, cfg)
	addDemoLinks(t, cfg, "https://www.linkedin.com/in/gd", "https://x.com/gd", "https://mastodon.social/@gd", "https://velog.io/@gd",
		"https://gd.tistory.com", "https://blog.naver.com/gd", "https://dribbble.com/gd")
	ctx := browser(t)
	for _, width := range []int64{375, 320} {
		w := strconv.FormatInt(width, 10) + " px"
		for deadline := time.Now().Add(10 * time.Second); ; {
			do(t, ctx, chromedp.EmulateViewport(width, 740), chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(".card")))
			n := eval[int](t, ctx, `document.querySelectorAll(".socials .social").length`)
			if n >= 14 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the added links never showed: %d buttons", n)
			}
		}
		if rows := eval[int](t, ctx, `new Set([...document.querySelectorAll(".socials .social")].map(e => e.offsetTop)).size`); rows != 1 {
			t.Errorf("%s: %d social buttons take %d rows", w, eval[int](t, ctx, `document.querySelectorAll(".socials .social").length`), rows)
		}
		if eval[bool](t, ctx, `document.documentElement.scrollWidth > innerWidth`) {
			t.Errorf("%s: the page scrolls sideways: %v", w, eval[[]string](t, ctx, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > innerWidth + 1).slice(0, 8).map(e => e.tagName + "." + e.className.baseVal + e.className + " " + e.getBoundingClientRect().right)`))
		}
		if covered := eval[[]string](t, ctx, `(() => {
			scrollTo(0, document.documentElement.scrollHeight);
			const out = [];
			for (const e of document.querySelectorAll(".foot > *")) {
				const p = e.getBoundingClientRect();
				for (const f of document.querySelectorAll(".fab")) {
					const s = getComputedStyle(f); if (s.visibility === "hidden" || s.display === "none") continue;
					const r = f.getBoundingClientRect();
					if (r.left < p.right && r.right > p.left && r.top < p.bottom && r.bottom > p.top) out.push(e.textContent);
				}
			}
			return out })()`); len(covered) > 0 {
			t.Errorf("%s: floating buttons cover the footer's %q", w, covered)
		}
		if lefts := eval[[]float64](t, ctx, `[...document.querySelectorAll(".contact-lines dt")].map(e => e.getBoundingClientRect().left)`); len(lefts) != 3 || lefts[0] != lefts[1] || lefts[1] != lefts[2] {
			t.Errorf("%s: the Mail./Site./Tel. labels start at %v", w, lefts)
		}
	}
	do(t, ctx, chromedp.EmulateViewport(375, 740))
	signInOwner(t, ctx, base)
	do(t, ctx, chromedp.Navigate(base+"/admin/kakao"), chromedp.WaitVisible(chromedp.CSS(".token-row")))
	if unlabelled := eval[[]string](t, ctx, `[...document.querySelectorAll(".token-row td")].filter(td =>
		!getComputedStyle(td, "::before").content.replace(/["\s]/g, "")).map(td => td.textContent)`); len(unlabelled) > 0 {
		t.Errorf("375 px: token values without their label: %q", unlabelled)
	}
}

// On a phone the chat and the message windows are sheets over the whole screen: the page
// behind does not scroll, the floating buttons hide, and Escape or the back gesture
// closes the sheet and gives the focus back to the button that opened it.
func TestPhoneWindowsAreSheets(t *testing.T) {
	base := site(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	ctx := browser(t)
	do(t, ctx, chromedp.EmulateViewport(375, 740), chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(".card")))
	for _, w := range []string{"chat", "kakao"} {
		for _, closeBy := range []string{"Escape", "back"} {
			do(t, ctx, chromedp.Evaluate[chromedp.Void](`scrollTo(0, 300)`), chromedp.Click(chromedp.CSS("#"+w+"-open")),
				chromedp.WaitVisible(chromedp.CSS("#"+w+"-window form")))
			if !eval[bool](t, ctx, `(() => { const r = document.getElementById("`+w+`-window").getBoundingClientRect();
				return r.top <= 1 && r.left <= 1 && r.right >= innerWidth - 1 && Math.abs(r.bottom - visualViewport.height) <= 1 })()`) {
				t.Errorf("%s: the window is not a full-screen sheet: %v", w, eval[any](t, ctx, `JSON.stringify(document.getElementById("`+w+`-window").getBoundingClientRect())`))
			}
			if w == "chat" && !eval[bool](t, ctx, `document.querySelector("#chat-form").getBoundingClientRect().bottom >= visualViewport.height - 80`) {
				t.Error("chat: the question box is not at the bottom of the sheet")
			}
			if eval[string](t, ctx, `getComputedStyle(document.body).overflow`) != "hidden" {
				t.Errorf("%s: the page behind the sheet scrolls", w)
			}
			if eval[string](t, ctx, `getComputedStyle(document.querySelector(".fabs")).visibility`) != "hidden" {
				t.Errorf("%s: the floating buttons show over the sheet", w)
			}
			if closeBy == "Escape" {
				do(t, ctx, chromedp.KeyEvent(kb.Escape))
			} else {
				do(t, ctx, chromedp.Evaluate[chromedp.Void](`history.back()`))
			}
			do(t, ctx, chromedp.WaitNotVisible(chromedp.CSS("#"+w+"-window")))
			waitTrue(t, ctx, `document.activeElement === document.getElementById("`+w+`-open")`)
			if got := eval[string](t, ctx, `location.pathname + location.hash`); got != "/" {
				t.Errorf("%s closed by %s: the address is %s", w, closeBy, got)
			}
			if eval[string](t, ctx, `getComputedStyle(document.querySelector(".fabs")).visibility`) == "hidden" {
				t.Errorf("%s closed by %s: the floating buttons stay hidden", w, closeBy)
			}
		}
	}
}

// Text on the visitor pages, the sign-in page and the inbox reads at 4.5:1 or more in both themes:
// links on the page, and white on the buttons (Lighthouse's colour-contrast audit failed
// on the chat and contact pages' links in light and the buttons in dark).
func TestTextContrastInBothThemes(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	cfg.AdminLogin, cfg.AdminPassword = "owner", "owner-pass-1"
	base := site(t, cfg)
	ctx := browser(t)
	const ratio = `(el) => {
		const rgb = s => s.match(/[\d.]+/g).slice(0, 3).map(Number);
		const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4 }); return 0.2126 * r + 0.7152 * g + 0.0722 * b };
		let bg = el, c;
		while (bg && ((c = getComputedStyle(bg).backgroundColor) === "rgba(0, 0, 0, 0)" || c === "transparent")) bg = bg.parentElement;
		const a = lum(rgb(getComputedStyle(el).color)), b = lum(rgb(bg ? getComputedStyle(bg).backgroundColor : "rgb(255,255,255)"));
		return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) }`
	// The visitor's pages signed out (signed in, /login goes on to /admin), then the inbox
	// and the members list signed in; each in both themes.
	for _, page := range []string{"/c/demo/chat", "/c/demo/contact", "/login", "/admin/messages", "/admin/members", "/admin/channels"} {
		if page == "/admin/messages" {
			signInOwner(t, ctx, base)
		}
		for _, theme := range []string{"light", "dark"} {
			do(t, ctx, chromedp.Navigate(base+"/prefs?theme="+theme+"&next="+page), chromedp.WaitVisible(chromedp.CSS("main")))
			low := eval[[]string](t, ctx, `(() => { const ratio = `+ratio+`;
				return [...document.querySelectorAll("main a, main .button, main .badge")].filter(e => e.offsetParent && e.textContent.trim())
					.map(e => [e.textContent.trim(), ratio(e)]).filter(([, r]) => r < 4.5).map(([s, r]) => s + " " + r.toFixed(2)) })()`)
			if len(low) > 0 {
				t.Errorf("%s, %s theme: below 4.5:1: %q", page, theme, low)
			}
		}
	}
}

// In a browser a profile link goes straight to the profile's own address, and its click is
// still reported: app.js sends a beacon to the card's counter, once (the ping attribute
// it replaces would have sent a second report).
func TestProfileLinksGoStraightAndAreCounted(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	cfg.AdminLogin, cfg.AdminPassword = "owner", "owner-pass-1"
	base := site(t, cfg)
	// A profile on this same site, so that following the link needs no network.
	profile := base + "/robots.txt?profile=owner"
	addDemoLinks(t, cfg, profile)
	ctx := browser(t)
	sel := `a.social[href="` + profile + `"]`
	for deadline := time.Now().Add(10 * time.Second); ; {
		do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(".card")))
		if eval[bool](t, ctx, `!!document.querySelector(`+jsString(sel)+`)`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the added link never showed")
		}
	}
	if eval[bool](t, ctx, `document.querySelector(`+jsString(sel)+`).hasAttribute("ping")`) {
		t.Error("with JavaScript the ping attribute stays beside the beacon: a click would count twice")
	}
	// Record the beacons this page sends, then click as a person does.
	eval[any](t, ctx, `const send = navigator.sendBeacon.bind(navigator);
		navigator.sendBeacon = (u, d) => { sessionStorage.setItem("beacons", (sessionStorage.getItem("beacons") || "") + u + " "); return send(u, d) }`)
	do(t, ctx, chromedp.Click(chromedp.CSS(sel)))
	waitTrue(t, ctx, `location.href === `+jsString(profile))
	beacons := strings.Fields(eval[string](t, ctx, `sessionStorage.getItem("beacons") || ""`))
	if len(beacons) != 1 || !strings.HasPrefix(beacons[0], "/c/demo/go/l") {
		t.Errorf("beacons sent: %q", beacons)
	}
}

// The card is a representative h-card, as a microformats2 parser (microformats-parser from
// npm, bundled in testdata by fetch-mf2.sh) reads it in the browser: its name, job title,
// email, URLs (its own address and every rel=me profile), photo, note and organisation.
func TestCardIsAnHCard(t *testing.T) {
	bundle, err := os.ReadFile("testdata/mf2.js")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(bundle)
	recorded, err := os.ReadFile("testdata/mf2.js.sha256")
	if err != nil || !strings.HasPrefix(string(recorded), hex.EncodeToString(sum[:])) {
		t.Fatalf("testdata/mf2.js is not the recorded bundle: run e2e/testdata/fetch-mf2.sh (%v)", err)
	}
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	base := site(t, cfg)
	ctx := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/c/demo"), chromedp.WaitVisible(chromedp.CSS(".card")))
	eval[any](t, ctx, string(bundle))
	parsed := eval[string](t, ctx, `JSON.stringify(mf2(document.documentElement.outerHTML, {baseUrl: location.href}))`)
	var doc struct {
		Items []struct {
			Type       []string         `json:"type"`
			Properties map[string][]any `json:"properties"`
		} `json:"items"`
		Rels map[string][]string `json:"rels"`
	}
	if err := json.Unmarshal([]byte(parsed), &doc); err != nil {
		t.Fatal(err)
	}
	var card map[string][]any
	for _, it := range doc.Items {
		if len(it.Type) > 0 && it.Type[0] == "h-card" {
			card = it.Properties
		}
	}
	if card == nil {
		t.Fatalf("no h-card: %s", parsed)
	}
	str := func(k string) string {
		if len(card[k]) == 0 {
			return ""
		}
		s, _ := card[k][0].(string)
		return s
	}
	for k, want := range map[string]string{"name": "홍길동", "job-title": "백엔드 개발자", "email": "mailto:gildong@example.com", "org": "Example Corp."} {
		if got := str(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if !strings.HasPrefix(str("note"), "Go와 웹 서비스") {
		t.Errorf("note = %q", str("note"))
	}
	urls := fmt.Sprint(card["url"])
	// The demo card is the primary card: its address is the site's.
	for _, want := range []string{cfg.BaseURL.String() + "/", "https://github.com/", "https://www.youtube.com/"} {
		if !strings.Contains(urls, want) {
			t.Errorf("url lacks %s: %s", want, urls)
		}
	}
	if me := fmt.Sprint(doc.Rels["me"]); !strings.Contains(me, "https://github.com/") {
		t.Errorf("rel=me: %s", me)
	}
}

// addDemoLinks adds links to the demo card (owned by ADMIN_LOGIN "owner") through another
// instance on the same database; the site shows them within its cache's second.
func addDemoLinks(t *testing.T, cfg *config.Config, urls ...string) {
	t.Helper()
	other := testsite.Server(t, cfg)
	ctx := context.Background()
	owner, err := other.Members.Authenticate(ctx, "owner", "owner-pass-1", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	actor := services.Actor{ID: owner.ID, Admin: true}
	page, err := other.Cards.Find(ctx, actor, "demo", 1, 1)
	if err != nil || len(page.Cards) != 1 {
		t.Fatalf("demo card: %v", err)
	}
	for _, u := range urls {
		if err := other.Cards.AddLink(ctx, actor, page.Cards[0].ID, map[string]string{"kind": "website", "url": u}); err != nil {
			t.Fatal(err)
		}
	}
}
