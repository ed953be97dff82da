package e2e

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"sitecard/internal/config"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/internal/testutil/testsite"
)

const (
	// A person's desktop browser: headless Chromium's own agent says "HeadlessChrome",
	// which the site rightly counts as a robot.
	desktopUA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	kakaoUA   = "Mozilla/5.0 (Linux; Android 14; SM-S921N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 KAKAOTALK 10.4.5"
)

// Each way the card is handed out, followed in Chromium as its visitors follow it: a
// scanned qr.svg, the link in the signature the editor previews, a scanned printed card,
// a link on another site, KakaoTalk's in-app browser and an owner's own ?src=, with a
// message written from the signature's page and a link followed from the owner's own. The
// owner then reads the sources page and the CSV in the browser: each source has exactly
// the views, clicks and messages that were made, and nothing else was counted.
func TestEverySharePathIsCountedInTheBrowser(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		cfg.AdminLogin, cfg.AdminPassword = "owner", "owner-pass-1"
		var offset atomic.Int64
		now := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
		base, srv := siteWithBase(t, cfg, server.WithClock(now))
		owner := browser(t)
		signInOwner(t, owner, base)
		do(t, owner, chromedp.Navigate(base+"/admin"))
		waitTrue(t, owner, `!!document.querySelector('tr[data-card="demo"] a.button')`)
		edit := eval[string](t, owner, `document.querySelector('tr[data-card="demo"] a.button').getAttribute("href")`)
		id := strings.TrimPrefix(edit, "/admin/cards/")
		if _, err := strconv.Atoi(id); err != nil {
			t.Fatalf("the editor's address %q", edit)
		}

		// The visitors share no cookie with the owner: a browser context of their own.
		visitor, cancel := chromedp.NewContext(owner, chromedp.WithNewBrowserContext())
		t.Cleanup(cancel)
		userAgent(t, visitor, desktopUA)
		open := func(url string) {
			t.Helper()
			do(t, visitor, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(".card")))
			if c := eval[string](t, visitor, `document.cookie`); c != "" {
				t.Errorf("%s left cookies %q: the source must not be kept in the browser", url, c)
			}
		}
		sent := map[string]int{}

		// The QR code, scanned from qr.svg by three people.
		scanned := decodeQR(t, rasterQR(t, get(t, base+"/c/demo/qr.svg")))
		if scanned != base+"/c/demo?src=qr" {
			t.Errorf("qr.svg opens %q", scanned)
		}
		for range 3 {
			open(scanned)
			sent["qr"]++
		}

		// The signature as the editor previews it: its card link is followed once.
		do(t, owner, chromedp.Navigate(base+"/admin/cards/"+id+"/signature"), chromedp.WaitReady(chromedp.CSS("body")))
		links := eval[[]string](t, owner, `[...document.querySelectorAll("a[href]")].map(a => a.href)`)
		sig := ""
		for _, l := range links {
			if strings.Contains(l, "src=sig") {
				sig = l
			}
		}
		// The demo card is the site's primary card: its address is the site's own.
		if sig != base+"/?src=sig" && sig != base+"/c/demo?src=sig" {
			t.Fatalf("the signature's links %q hold no card link with src=sig", links)
		}
		open(sig)
		sent["sig"]++
		// The signature's reader writes from the card's message window.
		do(t, visitor, chromedp.Click(chromedp.CSS("#kakao-open")), chromedp.WaitVisible(chromedp.CSS("#contact-form input[name=name]")))
		offset.Add(int64(5 * time.Second)) // a person takes a few seconds to write
		do(t, visitor,
			chromedp.SendKeys(chromedp.CSS("#contact-form input[name=name]"), "김방문"),
			chromedp.SendKeys(chromedp.CSS("#contact-form input[name=email]"), "visit@example.com"),
			chromedp.SendKeys(chromedp.CSS("#contact-form textarea[name=message]"), "서명 보고 연락드립니다"),
			chromedp.Click(chromedp.CSS("#contact-form button[type=submit]")))
		waitTrue(t, visitor, `!!document.querySelector("#kakao-window .contact-sent")`)

		// The printed sheet: the back's code, rendered as a printer would, scanned twice.
		printed := decodeQR(t, printedBack(t, get(t, base+"/c/demo/cards.pdf")))
		if printed != base+"/?src=print" && printed != base+"/c/demo?src=print" {
			t.Errorf("the printed card's code opens %q", printed)
		}
		for range 2 {
			open(printed)
			sent["print"]++
		}

		// Another site links to the card; Chromium sends its origin as Referer.
		other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, `<!doctype html><title>blog</title><a id="to-card" href="`+base+`/c/demo">my card</a>`) //nolint:errcheck // a test page
		}))
		t.Cleanup(other.Close)
		otherURL := strings.Replace(other.URL, "127.0.0.1", "localhost", 1) // another origin, another host
		do(t, visitor, chromedp.Navigate(otherURL+"/post"), chromedp.WaitVisible(chromedp.CSS("#to-card")), chromedp.Click(chromedp.CSS("#to-card")))
		waitTrue(t, visitor, `location.href === "`+base+`/c/demo" && !!document.querySelector(".card")`)
		if ref := eval[string](t, visitor, `document.referrer`); !strings.HasPrefix(ref, otherURL) {
			t.Errorf("the card was opened with referrer %q, want %s", ref, otherURL)
		}
		sent["ref:localhost"]++

		// KakaoTalk's in-app browser opens a link sent in a chat.
		userAgent(t, visitor, kakaoUA)
		open(base + "/c/demo")
		sent["app:kakaotalk"]++
		userAgent(t, visitor, desktopUA)

		// The owner's own name for an event, written as they like it; read lower-cased.
		for range 2 {
			open(base + "/c/demo?src=Conf-2026")
			sent["conf-2026"]++
		}
		// One of them follows the card's first link (the site beyond is not reachable here;
		// the count is the beacon sent on the way out).
		link := eval[string](t, visitor, `document.querySelector(".socials a.social[data-count]").dataset.count`)
		do(t, visitor, chromedp.Click(chromedp.CSS(".socials a.social[data-count]")))

		want := []string{
			"sources-table qr QR 코드 3/0/0", "sources-table conf-2026 conf-2026 2/1/0", "sources-table print 인쇄한 명함 2/0/0",
			"sources-table app:kakaotalk 카카오톡 1/0/0", "sources-table sig 이메일 서명 1/0/1",
			"referrers-table ref:localhost localhost 1/0/0",
		}
		// The scheduler flushes the counts every few minutes; the test flushes them itself,
		// until the click's beacon, sent as the page was left, has arrived.
		var rows []string
		for deadline := time.Now().Add(10 * time.Second); ; {
			if err := srv.Views.Flush(context.Background()); err != nil {
				t.Fatal(err)
			}
			do(t, owner, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/admin/sources?days=7&card="+id), chromedp.WaitVisible(chromedp.CSS("#sources-table")))
			rows = eval[[]string](t, owner, `[...document.querySelectorAll("tr.source-row")].map(r =>
				r.closest("table").id + " " + r.dataset.source + " " + r.cells[0].textContent.trim() + " " + [1, 2, 3].map(i => r.cells[i].textContent.trim()).join("/"))`)
			if strings.Join(slices.Sorted(slices.Values(rows)), "\n") == strings.Join(slices.Sorted(slices.Values(want)), "\n") || time.Now().After(deadline) {
				break
			}
		}
		// A flush may have run while the beacon was being counted, its source taken and not
		// yet its link (counted first): one more flush takes whatever a request left.
		if err := srv.Views.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		if strings.Join(slices.Sorted(slices.Values(rows)), "\n") != strings.Join(slices.Sorted(slices.Values(want)), "\n") {
			t.Errorf("the sources page shows\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
		}
		// A chart per source, under the source's name, beside its table on a wide screen.
		charts := eval[[]string](t, owner, `[...document.querySelectorAll(".source-chart")].map(c =>
			c.querySelector(".chart-name").textContent + (c.getBoundingClientRect().left >= c.closest(".panel").querySelector("table").getBoundingClientRect().right ? "" : " (under the table)"))`)
		names := eval[[]string](t, owner, `[...document.querySelectorAll("tr.source-row")].map(r => r.cells[0].textContent.trim())`)
		if strings.Join(charts, ",") != strings.Join(names, ",") || len(charts) != len(want) {
			t.Errorf("charts %q, want one beside the table for each of %q", charts, names)
		}
		if cfg.Dialect == config.SQLite && os.Getenv("UPDATE_SCREENSHOTS") != "" {
			png, err := chromedp.Run(owner, chromedp.Screenshot(chromedp.CSS(".admin-main")))
			if err != nil {
				t.Fatal(err)
			}
			writeShot(t, "../docs/screenshot-sources.png", png)
		}

		// The export, fetched by the signed-in browser.
		text, err := chromedp.Run(owner, chromedp.Evaluate[string](`fetch("/admin/sources.csv?days=7&card=`+id+`").then(r =>
			r.ok && r.headers.get("Content-Type").startsWith("text/csv") ? r.text() : "HTTP " + r.status)`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		records, err := csv.NewReader(strings.NewReader(text)).ReadAll()
		if err != nil || len(records) == 0 {
			t.Fatalf("the CSV %q: %v", text, err)
		}
		today := time.Now().UTC().Format(time.DateOnly)
		got, sourceClicks, clicks, messages := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
		for _, r := range records[1:] {
			if len(r) != 6 {
				t.Fatalf("CSV row %q", r)
			}
			n, _ := strconv.Atoi(r[5])
			switch r[0] {
			case "views":
				if r[1] != "demo" || r[2] != today {
					t.Errorf("CSV views row %q", r)
				}
				got[r[3]] += n
			case "source_clicks":
				sourceClicks[r[3]] += n
			case "clicks":
				clicks[r[4]] += n
			case "messages":
				messages[r[2]] += n
			default:
				t.Errorf("CSV row %q", r)
			}
		}
		if len(got) != len(sent) {
			t.Errorf("CSV views %v, sent %v", got, sent)
		}
		for s, n := range sent {
			if got[s] != n {
				t.Errorf("CSV views of %s: %d, sent %d", s, got[s], n)
			}
		}
		target := "link:" + strings.TrimPrefix(link, "/c/demo/go/l")
		if fmt.Sprint(sourceClicks) != "map[conf-2026:1]" || fmt.Sprint(clicks) != fmt.Sprintf("map[%s:1]", target) || fmt.Sprint(messages) != fmt.Sprintf("map[%s:1]", today) {
			t.Errorf("CSV clicks by source %v, by target %v (want %s), messages %v", sourceClicks, clicks, target, messages)
		}

		if cfg.Dialect == config.SQLite && os.Getenv("UPDATE_SCREENSHOTS") != "" {
			do(t, owner, chromedp.Navigate(base+edit), chromedp.WaitReady(chromedp.CSS("#signature")))
			eval[any](t, owner, `document.getElementById("signature").open = true`)
			do(t, owner, chromedp.ScrollIntoView(chromedp.CSS("#sharing")))
			png, err := chromedp.Run(owner, chromedp.Screenshot(chromedp.CSS("#sharing")))
			if err != nil {
				t.Fatal(err)
			}
			writeShot(t, "../docs/screenshot-signature.png", png)
		}
	})
}

// siteWithBase starts sitecard with BASE_URL at its own loopback address, so that the
// addresses its QR codes and signature hold are the ones the browser can open.
func siteWithBase(t *testing.T, cfg *config.Config, opts ...server.Option) (string, *server.Server) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseURL.Scheme, cfg.BaseURL.Host = "http", ln.Addr().String()
	srv := testsite.Server(t, cfg, opts...)
	if err := srv.Indexer.IndexStale(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln, 5*time.Second) }()
	t.Cleanup(func() { cancel(); <-done })
	return "http://" + ln.Addr().String(), srv
}

func userAgent(t *testing.T, ctx context.Context, ua string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: "ko-KR,ko"}); err != nil {
		t.Fatal(err)
	}
}

// get fetches a public file as a phone's camera app or a printer's driver would.
func get(t *testing.T, url string) []byte {
	t.Helper()
	r, err := http.Get(url) //nolint:gosec,noctx // the test's own loopback server
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, err := io.ReadAll(r.Body)
	if err != nil || r.StatusCode != 200 {
		t.Fatalf("%s: %d %v", url, r.StatusCode, err)
	}
	return b
}

var qrRun = regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-\d+z`)

// rasterQR draws qr.svg's path (runs of dark modules) at 8 px a module.
func rasterQR(t *testing.T, svg []byte) image.Image {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 1000, 1000))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	runs := qrRun.FindAllSubmatch(svg, -1)
	if len(runs) == 0 {
		t.Fatalf("no modules in %.200s", svg)
	}
	for _, m := range runs {
		x, _ := strconv.Atoi(string(m[1]))
		y, _ := strconv.Atoi(string(m[2]))
		w, _ := strconv.Atoi(string(m[3]))
		draw.Draw(img, image.Rect(x*8, y*8, (x+w)*8, (y+1)*8), image.Black, image.Point{}, draw.Src)
	}
	return img
}

// printedBack renders the sheet's second page (the backs) at 100 dpi with pdftoppm and
// returns its first card: 90×50 mm from 15 mm, 23.5 mm.
func printedBack(t *testing.T, pdf []byte) image.Image {
	t.Helper()
	pdftoppm, err := exec.LookPath("pdftoppm")
	testutil.Require(t, err == nil, "pdftoppm is missing (apt-get install poppler-utils)")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "cards.pdf"), pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(pdftoppm, "-f", "2", "-l", "2", "-r", "100", "-png", "-singlefile", filepath.Join(dir, "cards.pdf"), filepath.Join(dir, "back")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "back.png"))
	if err != nil {
		t.Fatal(err)
	}
	page, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	mm := func(v float64) int { return int(v * 100 / 25.4) }
	r := image.Rect(mm(15), mm(23.5), mm(15+90), mm(23.5+50))
	card := image.NewGray(r.Sub(r.Min))
	draw.Draw(card, card.Bounds(), page, r.Min, draw.Src)
	return card
}

// decodeQR reads a QR code the way a phone's camera would.
func decodeQR(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("no QR code read: %v", err)
	}
	return res.GetText()
}

func writeShot(t *testing.T, path string, png []byte) {
	t.Helper()
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}
