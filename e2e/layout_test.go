package e2e

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"sitecard/internal/testutil"
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
				document.querySelectorAll("#views-chart table tr").length === 30 })()`) {
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
		for _, page := range []string{"/admin", "/admin/members", "/admin/kakao"} {
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
