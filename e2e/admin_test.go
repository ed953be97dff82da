package e2e

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
)

// A member signs in, edits a field, reorders skills and uploads a photo, and the public
// card shows each change — with htmx swapping the editor in place.
func TestAdminEditsTheCard(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		cfg.AdminLogin, cfg.AdminPassword = "owner", "owner-pass-1"
		base := site(t, cfg)
		ctx := browser(t)

		do(t, ctx, chromedp.Navigate(base+"/admin"), chromedp.WaitVisible(chromedp.CSS(`input[name="login"]`)))
		// The client script shows the server's message before any request.
		do(t, ctx, chromedp.Click(chromedp.CSS(`form.auth button[type="submit"]`)))
		waitTrue(t, ctx, `document.querySelector("#login-login-error").textContent === "필수 항목입니다."`)
		do(t, ctx,
			chromedp.SendKeys(chromedp.CSS(`input[name="login"]`), "owner"),
			chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "owner-pass-1"),
			chromedp.Click(chromedp.CSS(`form.auth button[type="submit"]`)),
		)
		waitTrue(t, ctx, `!!document.querySelector('tr[data-card="demo"]')`)
		do(t, ctx, chromedp.Click(chromedp.CSS(`tr[data-card="demo"] a.button`)), chromedp.WaitVisible(chromedp.CSS("#profile")))
		editorURL := eval[string](t, ctx, `location.href`)

		// The preview follows the typing before anything is saved.
		eval[any](t, ctx, `document.querySelector("#profile-name_en").value = ""`)
		do(t, ctx, chromedp.SendKeys(chromedp.CSS("#profile-name_en"), "Gil-dong Preview"))
		waitTrue(t, ctx, `document.querySelector("#preview .name").textContent.includes("Gil-dong Preview")`)
		eval[any](t, ctx, `document.querySelector("#profile-name_en").value = "Gildong Hong"`)

		// Edit a field: htmx swaps the editor, and the preview follows.
		eval[any](t, ctx, `document.querySelector("#profile-job_title").value = ""`)
		do(t, ctx, chromedp.SendKeys(chromedp.CSS("#profile-job_title"), "풀스택 개발자"),
			chromedp.Click(chromedp.CSS(`#profile button[type="submit"]`)))
		// The save answers in place: the "saved" notice shows and the address stays the
		// editor's, so a reload lands on the editor again.
		waitTrue(t, ctx, `!!document.querySelector("#editor .notice[role=status]") && location.href === `+jsString(editorURL))
		// The focus comes back to the pressed button once the new editor is live.
		waitTrue(t, ctx, `document.activeElement.matches("#profile [type=submit]")`)
		waitTrue(t, ctx, `document.querySelector("#preview .job") && document.querySelector("#preview .job").textContent === "풀스택 개발자"`)

		// Reorder: move the first skill down. The page stays where it was, the pressed
		// button keeps the focus, and the address stays the editor's.
		first := eval[string](t, ctx, `document.querySelector(".ed-section .ed-item .ed-item-title").firstChild.textContent.trim()`)
		// The old notice is marked, not removed: removing it would move the button under the click.
		eval[any](t, ctx, `document.querySelector(".ed-section .ed-item button[data-move=down]").scrollIntoView({block: "center"}); document.querySelector("#editor .notice").dataset.old = "1"`)
		scrolled := eval[float64](t, ctx, `scrollY`)
		do(t, ctx, chromedp.Click(chromedp.CSS(`.ed-section .ed-item button[data-move="down"]`)))
		waitTrue(t, ctx, `document.querySelector(".ed-section .ed-item .ed-item-title").firstChild.textContent.trim() !== `+jsString(first))
		waitTrue(t, ctx, `!!document.querySelector("#editor .notice[role=status]:not([data-old])") && location.href === `+jsString(editorURL))
		if y := eval[float64](t, ctx, `scrollY`); y < scrolled-80 || y > scrolled+80 {
			t.Errorf("moving an item scrolled the page from %v to %v", scrolled, y)
		}
		// The notice is where the owner is looking: inside the window, far down the editor.
		if !eval[bool](t, ctx, `(() => { const r = document.querySelector("#editor .notice[role=status]").getBoundingClientRect();
			return scrollY > 200 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight })()`) {
			t.Error("after saving far down the editor, the saved notice is out of sight")
		}
		waitTrue(t, ctx, `document.activeElement.matches("button[data-move=down]")`)
		// The keyboard, as an owner without a mouse does it: Enter on the focused button
		// moves the item again, and the page and the focus stay.
		eval[any](t, ctx, `document.querySelector("#editor .notice").dataset.old = "1"`)
		scrolled = eval[float64](t, ctx, `scrollY`)
		do(t, ctx, chromedp.KeyEvent("\r"))
		waitTrue(t, ctx, `!!document.querySelector("#editor .notice[role=status]:not([data-old])")`)
		if y := eval[float64](t, ctx, `scrollY`); y < scrolled-80 || y > scrolled+80 {
			t.Errorf("Enter on a move button scrolled the page from %v to %v", scrolled, y)
		}
		waitTrue(t, ctx, `document.activeElement.matches("button[data-move=down]")`)

		// Upload a photo.
		photo := filepath.Join(t.TempDir(), "me.png")
		writePNG(t, photo)
		do(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#photo-file"), []string{photo}),
			chromedp.Click(chromedp.CSS(`#photo button[type="submit"]`)))
		waitTrue(t, ctx, `!!document.querySelector("#photo img.thumb")`)
		if got := eval[string](t, ctx, `location.href`); got != editorURL {
			t.Errorf("after the upload the address is %s", got)
		}
		// A reload at any moment lands on the editor again.
		do(t, ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#profile")))
		if os.Getenv("UPDATE_SCREENSHOTS") != "" && cfg.Dialect == config.SQLite {
			do(t, ctx, chromedp.EmulateViewport(1280, 1000), chromedp.Navigate(editorURL), chromedp.WaitVisible(chromedp.CSS("#profile")))
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile("../docs/screenshot-editor.png", png, 0o644); err != nil {
				t.Fatal(err)
			}
		}

		// The public card shows all three changes.
		do(t, ctx, chromedp.Navigate(base+"/c/demo"), chromedp.WaitVisible(chromedp.CSS(".card")))
		if job := eval[string](t, ctx, `document.querySelector(".job").textContent`); job != "풀스택 개발자" {
			t.Errorf("public job title = %q", job)
		}
		skills := eval[[]string](t, ctx, `[...document.querySelectorAll(".skill-name")].map(e => e.textContent)`)
		if len(skills) < 3 || skills[0] == first || skills[2] != first { // moved down twice: by mouse, then by Enter
			t.Errorf("public skills order %v, want %q third", skills, first)
		}
		if !eval[bool](t, ctx, `(() => { const i = document.querySelector(".photo img"); return !!i && i.complete && i.naturalWidth === 16 })()`) {
			t.Error("the uploaded photo is not shown on the public card")
		}
	})
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func writePNG(t *testing.T, path string) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for x := range 16 {
		img.Set(x, x, color.RGBA{106, 92, 255, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// Hiding a section dims its items in the editor too, not only its heading: they are hidden
// from visitors with it.
func TestHiddenSectionItemsAreDimmed(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	cfg.AdminLogin, cfg.AdminPassword = "owner", "owner-pass-1"
	base := site(t, cfg)
	ctx := browser(t)
	signInOwner(t, ctx, base)
	do(t, ctx, chromedp.Navigate(base+"/admin/cards/1"), chromedp.WaitVisible(chromedp.CSS(".ed-section")))
	const opacity = `(() => { let e = document.querySelector(".ed-section .ed-items .ed-item"), o = 1;
		for (; e; e = e.parentElement) o *= +getComputedStyle(e).opacity; return o })()`
	if o := eval[float64](t, ctx, opacity); o != 1 {
		t.Fatalf("a shown section's item has opacity %v", o)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(".ed-section details summary")),
		chromedp.Click(chromedp.CSS(`.ed-section details input[name="hidden"]`)),
		chromedp.Click(chromedp.CSS(`.ed-section details button[type="submit"]`)))
	waitTrue(t, ctx, `!!document.querySelector(".ed-section.is-hidden")`)
	if o := eval[float64](t, ctx, opacity); o > 0.6 {
		t.Errorf("a hidden section's item has opacity %v", o)
	}
}

// signInOwner signs in, in the browser, as the ADMIN_LOGIN the tests give their site.
func signInOwner(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.CSS("#login-login")),
		chromedp.SendKeys(chromedp.CSS("#login-login"), "owner"), chromedp.SendKeys(chromedp.CSS("#login-password"), "owner-pass-1"),
		chromedp.Click(chromedp.CSS(`form.auth button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS(".admin-main")))
}
