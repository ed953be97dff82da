// Package e2e drives Debian's Chromium, headless, through the site a visitor sees.
package e2e

import (
	"context"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"sitecard/internal/config"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/internal/testutil/testsite"
)

// chromiumPath finds the browser: CHROMIUM_PATH, then the usual names on PATH.
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
		return ""
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// site starts a real sitecard on a loopback port and returns its URL.
func site(t *testing.T, cfg *config.Config, opts ...server.Option) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := testsite.Server(t, cfg, opts...)
	// The chatbot's index is built before the first visitor, not raced by them.
	if err := srv.Indexer.IndexStale(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln, 5*time.Second) }()
	t.Cleanup(func() { cancel(); <-done })
	return "http://" + ln.Addr().String()
}

// chromium is the package's one headless Chromium, started by the first test that needs
// it (TestMain stops it): a start costs about 0.7 s of CPU and seconds of a loaded
// machine's time, and some 25 tests each started their own. The flags keep it off the
// network: this machine has none, and background connections would only be refused.
type chromium struct {
	once   sync.Once
	ctx    context.Context // the browser's first tab; a test's context derives from it
	err    error
	cancel func()
}

var shared chromium //nolint:gochecknoglobals // one browser per test process, as one binary per package

func (b *chromium) start() (context.Context, error) {
	b.once.Do(func() {
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(chromiumPath()),
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("no-pings", true),
			// A Korean visitor: the site's default language, whatever the machine's locale.
			chromedp.Flag("accept-lang", "ko-KR,ko"),
			chromedp.Flag("lang", "ko-KR"),
			chromedp.WindowSize(1280, 720),
		)
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel := chromedp.NewContext(actx)
		b.ctx, b.cancel = ctx, func() { cancel(); cancelAlloc() }
		// The first Run starts the browser; it must not carry a timeout (see chromedp.Run).
		b.err = chromedp.Do(ctx)
	})
	return b.ctx, b.err
}

func (b *chromium) stop() {
	if b.cancel != nil {
		b.cancel()
	}
}

// browser gives one test a fresh browser: a browser context of its own in the package's
// Chromium (its own cookies, storage and permissions, as a new profile has) and a tab in
// it, closed when the test ends.
func browser(t *testing.T) context.Context {
	t.Helper()
	testutil.Require(t, chromiumPath() != "", "no Chromium found (install Debian's chromium or set CHROMIUM_PATH)")
	root, err := shared.start()
	if err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	ctx, cancel := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	tctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancelT)
	emulateMedia(t, tctx, "light")
	return tctx
}

// emulateMedia sets the device's colour scheme, always with reduced motion: the page's
// smooth scrolling would otherwise still be moving an element when a click, computed
// from where it was, lands (a real pointer aims at where it is).
func emulateMedia(t *testing.T, ctx context.Context, scheme string) {
	t.Helper()
	media := emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{
		{Name: "prefers-color-scheme", Value: scheme},
		{Name: "prefers-reduced-motion", Value: "reduce"},
	}}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, media); err != nil {
		t.Fatal(err)
	}
	waitTrue(t, ctx, `matchMedia("(prefers-color-scheme: `+scheme+`)").matches && matchMedia("(prefers-reduced-motion: reduce)").matches`)
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// waitTrue polls a JavaScript condition until it holds or the deadline passes.
func waitTrue(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
			return
		}
		time.Sleep(25 * time.Millisecond) // polling interval; the condition decides
	}
	state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + " cookies=" + document.cookie + " lang=" + document.documentElement.lang `))
	t.Fatalf("never true: %s (page: %s, %v)", js, state, err)
}

// shownJS is true when the element takes part in the page and can be seen: chromedp's
// visibility waits look at layout only, and scroll-to-top hides with visibility.
func shownJS(sel string) string {
	return `(e => { const s = getComputedStyle(e); return s.display !== "none" && s.visibility !== "hidden" && e.getClientRects().length > 0 })(document.querySelector("` + sel + `"))`
}

func shown(t *testing.T, ctx context.Context, sel string) bool {
	t.Helper()
	return eval[bool](t, ctx, shownJS(sel))
}

func TestCardRendersEverySection(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		base := site(t, cfg)
		ctx := browser(t)
		do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(".card")))
		kinds := eval[[]string](t, ctx, `[...document.querySelectorAll(".box h2")].map(h => h.textContent.trim())`)
		if strings.Join(kinds, ",") != "기술,자격증,경력,학력,수상·프로젝트" {
			t.Errorf("sections = %v", kinds)
		}
		name, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1.name")))
		if err != nil || !strings.Contains(name, "홍길동") || !strings.Contains(name, "Gildong Hong") {
			t.Errorf("name = %q, %v", name, err)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll(".skill-bar .fill").length`); n != 5 {
			t.Errorf("%d skill bars, want 5", n)
		}
		if w := eval[float64](t, ctx, `document.querySelector(".skill-bar .fill").getBBox().width`); w != 90 {
			t.Errorf("first skill bar is %v wide, want 90 (of 100)", w)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll(".socials a").length`); n < 7 {
			t.Errorf("%d social buttons, want the five networks plus vCard and QR", n)
		}
		// Every stylesheet and script loaded: htmx is there, and the CSP blocked nothing.
		if !eval[bool](t, ctx, `typeof htmx === "object" && htmx.version.startsWith("2.")`) {
			t.Error("htmx 2 is not loaded")
		}
		if bg := eval[string](t, ctx, `getComputedStyle(document.querySelector(".card-bar")).backgroundImage`); !strings.Contains(bg, "linear-gradient") {
			t.Errorf("stylesheet not applied: card bar background %q", bg)
		}
	})
}

func TestScrollToTopAppearsAfter80pxAndWorks(t *testing.T) {
	base := site(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	ctx := browser(t)
	do(t, ctx, chromedp.EmulateViewport(1024, 500), chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(".card")))
	if shown(t, ctx, "#to-top") {
		t.Fatal("scroll-to-top shown before scrolling")
	}
	eval[any](t, ctx, `window.scrollTo({top: 60, behavior: "instant"})`)
	waitTrue(t, ctx, `window.scrollY === 60`)
	if shown(t, ctx, "#to-top") {
		t.Error("scroll-to-top shown at 60 px")
	}
	eval[any](t, ctx, `window.scrollTo({top: 400, behavior: "instant"})`)
	waitTrue(t, ctx, shownJS("#to-top")+` && getComputedStyle(document.getElementById("to-top")).opacity === "1"`)
	do(t, ctx, chromedp.Click(chromedp.CSS("#to-top")))
	waitTrue(t, ctx, `window.scrollY === 0`)
	waitTrue(t, ctx, "!"+shownJS("#to-top"))
}

func TestChatAndKakaoWindowsOpenAndClose(t *testing.T) {
	base := site(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	ctx := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(".card")))
	for _, w := range []string{"chat", "kakao"} {
		do(t, ctx,
			chromedp.WaitNotVisible(chromedp.CSS("#"+w+"-window")),
			chromedp.Click(chromedp.CSS("#"+w+"-open")),
			chromedp.WaitVisible(chromedp.CSS("#"+w+"-window")),
		)
		// The window's content arrives by htmx; close it once it has.
		do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#"+w+"-window form")))
		if got := eval[string](t, ctx, `document.getElementById("`+w+`-open").getAttribute("aria-expanded")`); got != "true" {
			t.Errorf("%s opener aria-expanded = %q", w, got)
		}
		do(t, ctx,
			chromedp.Click(chromedp.CSS("#"+w+"-window .window-close")),
			chromedp.WaitNotVisible(chromedp.CSS("#"+w+"-window")),
		)
	}
	// Opening one window closes the other.
	do(t, ctx,
		chromedp.Click(chromedp.CSS("#chat-open")), chromedp.WaitVisible(chromedp.CSS("#chat-window")),
		chromedp.Click(chromedp.CSS("#kakao-open")), chromedp.WaitVisible(chromedp.CSS("#kakao-window")),
		chromedp.WaitNotVisible(chromedp.CSS("#chat-window")),
	)
}

func TestDarkThemeAndLanguageToggle(t *testing.T) {
	base := site(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	ctx := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(".card")))
	light := eval[string](t, ctx, `getComputedStyle(document.body).backgroundColor`)
	do(t, ctx, chromedp.Click(chromedp.CSS(`[data-theme-set="dark"]`)))
	waitTrue(t, ctx, `document.documentElement.dataset.theme === "dark"`)
	dark := eval[string](t, ctx, `getComputedStyle(document.body).backgroundColor`)
	if dark == light || dark != "rgb(17, 19, 26)" {
		t.Errorf("dark background %q (light was %q)", dark, light)
	}
	// The choice survives a reload: the server renders it from the cookie.
	do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(".card")))
	if th := eval[string](t, ctx, `document.documentElement.dataset.theme`); th != "dark" {
		t.Errorf("after reload theme = %q", th)
	}

	do(t, ctx, chromedp.Click(chromedp.CSS("#lang-toggle")))
	waitTrue(t, ctx, `document.documentElement.lang === "en"`)
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(".card")))
	name := eval[string](t, ctx, `document.querySelector("h1.name [itemprop=name]").textContent`)
	if name != "Gildong Hong" {
		t.Errorf("English name = %q", name)
	}
	// The English card is English all through: titles, entries and the summary.
	titles := eval[string](t, ctx, `[...document.querySelectorAll(".box h2")].map(h => h.textContent.trim()).join(",")`)
	if titles != "Skills,Licenses,Work,Education,Awards & projects" {
		t.Errorf("English section titles: %s", titles)
	}
	if body := eval[string](t, ctx, `document.querySelector(".card-page").innerText`); !strings.Contains(body, "Hankuk University") ||
		!strings.Contains(body, "Backend Engineer") || !strings.Contains(body, "This card is a demo") || strings.Contains(body, "한국대학교") {
		t.Errorf("English card text: %s", body)
	}
	do(t, ctx, chromedp.Navigate(base+"/c/demo"), chromedp.WaitVisible(chromedp.CSS(".card")))
	if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "en" {
		t.Errorf("language not remembered: %q", lang)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("#lang-toggle")))
	waitTrue(t, ctx, `document.documentElement.lang === "ko"`)
}

func TestPhoneViewportsHaveNoHorizontalScroll(t *testing.T) {
	base := site(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	ctx := browser(t)
	for _, width := range []int64{320, 375, 768} {
		do(t, ctx, chromedp.EmulateViewport(width, 800, chromedp.EmulateScale(2)),
			chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(".card")))
		sw := eval[int](t, ctx, `document.documentElement.scrollWidth`)
		cw := eval[int](t, ctx, `document.documentElement.clientWidth`)
		if sw > cw {
			t.Errorf("%d px: page is %d px wide, viewport %d: horizontal scrolling", width, sw, cw)
		}
		// The windows fit on a phone too.
		do(t, ctx, chromedp.Click(chromedp.CSS("#kakao-open")), chromedp.WaitVisible(chromedp.CSS("#kakao-window")))
		if right := eval[float64](t, ctx, `document.getElementById("kakao-window").getBoundingClientRect().right`); right > float64(cw) {
			t.Errorf("%d px: the message window overflows (%v > %d)", width, right, cw)
		}
	}
	if os.Getenv("UPDATE_SCREENSHOTS") != "" {
		shot(t, ctx, base, 375, 812, "../docs/screenshot-mobile.png")
		shot(t, ctx, base, 1280, 900, "../docs/screenshot.png")
	}
}

// shot regenerates a README screenshot (UPDATE_SCREENSHOTS=1 go test ./e2e).
func shot(t *testing.T, ctx context.Context, base string, w, h int64, path string) {
	t.Helper()
	do(t, ctx, chromedp.EmulateViewport(w, h), chromedp.Navigate(base+"/prefs?theme=light&next=/"), chromedp.WaitVisible(chromedp.CSS(".card")))
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// ctxFromChan is a context cancelled when done closes.
func ctxFromChan(done <-chan struct{}) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-done; cancel() }()
	return ctx
}

// On a dark device the auto theme is the dark theme: the page, the demo banner and the
// sign-in alert get the very colours the explicit dark choice gives them.
func TestAutoThemeOnADarkDeviceIsTheDarkTheme(t *testing.T) {
	base := site(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	ctx := browser(t)
	colours := `[getComputedStyle(document.body).backgroundColor,
		...[".demo-banner", ".alert"].flatMap(s => { const e = document.querySelector(s); if (!e) return [s + " missing"]; const c = getComputedStyle(e); return [c.backgroundColor, c.color] })]`
	look := func(theme string, dark bool) []string {
		t.Helper()
		scheme := "light"
		if dark {
			scheme = "dark"
		}
		emulateMedia(t, ctx, scheme)
		do(t, ctx, chromedp.Navigate(base+"/prefs?theme="+theme+"&next=/"), chromedp.WaitVisible(chromedp.CSS(".card")))
		waitTrue(t, ctx, `document.documentElement.dataset.theme === "`+theme+`" && matchMedia("(prefers-color-scheme: `+scheme+`)").matches`)
		// The alert of a failed sign-in, added to the card page to compare on one page.
		eval[any](t, ctx, `(() => { const p = document.createElement("p"); p.className = "alert"; p.textContent = "x"; document.querySelector(".card-page").prepend(p) })()`)
		return eval[[]string](t, ctx, colours)
	}
	dark, auto, light := look("dark", false), look("auto", true), look("auto", false)
	if strings.Join(auto, "|") != strings.Join(dark, "|") {
		t.Errorf("auto on a dark device %v, dark theme %v", auto, dark)
	}
	if strings.Join(light, "|") == strings.Join(dark, "|") || dark[0] != "rgb(17, 19, 26)" {
		t.Errorf("light %v and dark %v", light, dark)
	}
}
