package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/internal/testutil/testsite"
	"sitecard/models"
	"sitecard/services"
)

// addDemoLicence gives the demo card's licences an item with a month in its date, through
// another instance on the same database.
func addDemoLicence(t *testing.T, cfg *config.Config, title, period string) {
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
	card, err := other.Cards.Editable(ctx, actor, page.Cards[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range card.Sections {
		if s.Kind == models.SectionLicense {
			if _, err := other.Cards.AddItem(ctx, actor, s.ID, map[string]string{"title": title, "period": period}); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatal("the demo card has no licences")
}

// What a new owner meets on a phone and in the editor: a licence's date never breaks
// inside ("2020-" / "06"); the two résumés on the card are told apart by visible words;
// a 10 MB photo is refused as too big before it is sent; the import's choices have no
// browser border; the channels' heading stands apart from the KakaoTalk table.
func TestFirstHourDetails(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	cfg.AdminLogin, cfg.AdminPassword = "owner", "owner-pass-1"
	base := site(t, cfg)
	addDemoLicence(t, cfg, "정보처리기사 실기 합격 및 자격 취득 (한국산업인력공단)", "2020-06 – 2024-06")
	ctx := browser(t)

	for _, width := range []int64{320, 375} {
		do(t, ctx, chromedp.EmulateViewport(width, 740), chromedp.Navigate(base+"/c/demo"), chromedp.WaitVisible(chromedp.CSS(".card")))
		waitTrue(t, ctx, `[...document.querySelectorAll(".box-license .entry-period")].some(e => e.textContent.includes("2020-06"))`)
		// Wherever the title ends on its line, the date comes whole: titles of every length
		// before it, each checked for a date drawn in more than one piece.
		broken := eval[[]string](t, ctx, `(() => {
			const out = [];
			for (const period of document.querySelectorAll(".box-license .entry-period")) {
				const title = period.parentElement.firstChild, was = title.textContent;
				for (let n = 1; n <= 40; n++) {
					title.textContent = "정보처리기사".repeat(8).slice(0, n) + " ";
					if (period.getClientRects().length > 1) out.push(n + ": " + period.textContent);
				}
				title.textContent = was;
			}
			return out })()`)
		if len(broken) > 0 {
			t.Errorf("%d px: dates break across lines: %q", width, broken)
		}
		labels := eval[[]string](t, ctx, `[...document.querySelectorAll(".downloads .download")].map(a => {
			const l = a.querySelector(".social-label"), r = l.getBoundingClientRect(), s = getComputedStyle(l);
			return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && r.right <= innerWidth ? l.textContent : "(hidden)" })`)
		if len(labels) != 1 || labels[0] != "카드 이력서" {
			t.Errorf("%d px: the résumé buttons show %q", width, labels)
		}
	}

	signInOwner(t, ctx, base)
	do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/admin"))
	waitTrue(t, ctx, `!!document.querySelector('tr[data-card="demo"] a.button')`)
	do(t, ctx, chromedp.Click(chromedp.CSS(`tr[data-card="demo"] a.button`)), chromedp.WaitVisible(chromedp.CSS("#photo-file")))
	big := filepath.Join(t.TempDir(), "big.jpg")
	if err := os.WriteFile(big, append([]byte("\xff\xd8\xff\xe0"), make([]byte, 10<<20)...), 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#photo-file"), []string{big}), chromedp.Click(chromedp.CSS(`#photo button[type="submit"]`)))
	waitTrue(t, ctx, `document.querySelector("#photo .field-error").textContent === "파일은 5MB 이하여야 합니다."`)

	if b := eval[string](t, ctx, `(() => { const f = document.querySelector("#import fieldset.choice"), s = getComputedStyle(f);
		return s.borderTopWidth + " " + s.borderTopStyle + " " + s.paddingLeft })()`); b != "0px none 0px" {
		t.Errorf("the import's fieldset: %s, want no border", b)
	}

	do(t, ctx, chromedp.Navigate(base+"/admin/kakao"), chromedp.WaitVisible(chromedp.CSS("#channel-health")))
	if gap := eval[float64](t, ctx, `(() => { const h = document.querySelector("#kakao-status .minor-heading").getBoundingClientRect();
		const t = document.querySelector("#kakao-status .table-scroll").getBoundingClientRect(); return h.top - t.bottom })()`); gap < 16 {
		t.Errorf("the channels' heading is %.0f px under the KakaoTalk table, want at least 16", gap)
	}
	if os.Getenv("UPDATE_SCREENSHOTS") != "" {
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err == nil {
			os.WriteFile(filepath.Join(t.TempDir(), "kakao.png"), png, 0o644) //nolint:errcheck // a look, not a result
		}
	}
}
