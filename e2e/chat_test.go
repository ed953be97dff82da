package e2e

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"sitecard/internal/testutil"
)

// A visitor opens the chat on the card, asks with Enter, and reads the answer, on a
// desktop and on a phone; the window covers no floating button and its send button
// stays in view.
func TestChatbotAnswersOnTheCard(t *testing.T) {
	base := site(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	ctx := browser(t)
	for _, width := range []int64{1280, 375} {
		w := strconv.FormatInt(width, 10) + " px"
		do(t, ctx, chromedp.EmulateViewport(width, 800), chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(".card")))
		do(t, ctx, chromedp.Click(chromedp.CSS("#chat-open")), chromedp.WaitVisible(chromedp.CSS("#chat-form textarea")))
		// The cursor lands in the box once the panel is ready for questions.
		waitTrue(t, ctx, `document.activeElement === document.querySelector("#chat-form textarea")`)

		// Shift+Enter is a new line, not a question. (At 375 px the conversation of the
		// first round is still there: it lives in the visitor's session.)
		before := eval[int](t, ctx, `document.querySelectorAll("#chat-log .bubble").length`)
		do(t, ctx, chromedp.SendKeys(chromedp.CSS("#chat-form textarea"), "이메일"),
			chromedp.KeyEvent(kb.Enter, chromedp.KeyModifiers(chromedp.ModifierShift)))
		if v := eval[string](t, ctx, `document.querySelector("#chat-form textarea").value`); v != "이메일\n" {
			t.Errorf("%s: Shift+Enter left %q", w, v)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll("#chat-log .bubble").length`); n != before {
			t.Errorf("%s: Shift+Enter sent the question (%d bubbles)", w, n)
		}
		// The first time round, the suggestions are offered, and the hint about the keys
		// is shown (the script that makes them work is running).
		first := before == 0
		if first && !eval[bool](t, ctx, `(() => { const s = document.querySelector(".chat-suggest"); return !!s && s.offsetHeight > 0 })()`) {
			t.Errorf("%s: no suggestions before the first question", w)
		}
		if !eval[bool](t, ctx, `document.querySelector(".chat-hint").offsetHeight > 0`) {
			t.Errorf("%s: the Enter hint is hidden although the script runs", w)
		}
		// Enter sends; the answer arrives as a bubble, the box empties, the log shows it.
		eval[any](t, ctx, `document.querySelector("#chat-form textarea").value = ""`)
		do(t, ctx, chromedp.SendKeys(chromedp.CSS("#chat-form textarea"), "이메일 주소가 뭐예요?"), chromedp.KeyEvent(kb.Enter))
		waitTrue(t, ctx, `(() => { const a = [...document.querySelectorAll("#chat-log .bubble-a")]; return a.length === `+strconv.Itoa(before/2+1)+` && a.pop().textContent.includes("gildong@example.com") })()`)
		waitTrue(t, ctx, `document.querySelector("#chat-form textarea").value === ""`)
		if q := eval[string](t, ctx, `[...document.querySelectorAll("#chat-log .bubble-q")].pop().textContent`); q != "이메일 주소가 뭐예요?" {
			t.Errorf("%s: question bubble %q", w, q)
		}
		if !eval[bool](t, ctx, `(() => { const l = document.getElementById("chat-log"); return l.scrollTop + l.clientHeight >= l.scrollHeight - 2 })()`) {
			t.Errorf("%s: the newest bubble is scrolled out of view", w)
		}
		// After the first question (typed, not picked) the suggestions give the
		// conversation their room: on a 1280×800 desktop it gets most of the window.
		if eval[bool](t, ctx, `(() => { const s = document.querySelector(".chat-suggest"); return !!s && s.offsetHeight > 0 })()`) {
			t.Errorf("%s: the suggestions stay after the first question", w)
		}
		if width == 1280 {
			if h := eval[int](t, ctx, `document.getElementById("chat-log").clientHeight`); h < 300 {
				t.Errorf("%s: the conversation has %d px of the window", w, h)
			}
		}
		if dir := os.Getenv("CHAT_SCREENSHOTS"); dir != "" {
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dir+"/chat-"+strconv.FormatInt(width, 10)+".png", png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		// Nothing covers anything: the window leaves every floating button free, and its
		// send button lies inside the window and the viewport.
		if !eval[bool](t, ctx, `!!document.getElementById("chat-window") && location.pathname === "/"`) {
			t.Fatalf("%s: the question left the card page for %s", w, eval[string](t, ctx, `location.href`))
		}
		overlap := eval[bool](t, ctx, `(() => {
			const win = document.getElementById("chat-window").getBoundingClientRect();
			return [...document.querySelectorAll(".fab")].some(f => {
				const s = getComputedStyle(f); if (s.visibility === "hidden" || s.display === "none") return false;
				const r = f.getBoundingClientRect();
				return r.left < win.right && r.right > win.left && r.top < win.bottom && r.bottom > win.top;
			}) })()`)
		if overlap {
			t.Errorf("%s: the chat window covers a floating button", w)
		}
		if !eval[bool](t, ctx, `(() => {
			const b = document.querySelector("#chat-form .chat-send").getBoundingClientRect();
			const win = document.getElementById("chat-window").getBoundingClientRect();
			return b.top >= win.top && b.bottom <= win.bottom && b.bottom <= innerHeight && b.right <= innerWidth })()`) {
			t.Errorf("%s: the send button is cut off", w)
		}
		if os.Getenv("UPDATE_SCREENSHOTS") != "" && width == 375 {
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile("../docs/screenshot-chat.png", png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// Without JavaScript the chat page still asks and answers by posting the form, and says
// nothing about keys that only the script makes work.
func TestChatPageWithoutScriptHasNoKeyHint(t *testing.T) {
	base := site(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	ctx := browser(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(base+"/c/demo/chat"), chromedp.WaitVisible(chromedp.CSS("#chat-form textarea")))
	if eval[bool](t, ctx, `document.documentElement.classList.contains("js")`) {
		t.Fatal("the script ran")
	}
	if h := eval[int](t, ctx, `document.querySelector(".chat-hint").offsetHeight`); h != 0 {
		t.Errorf("the Enter hint shows without the script (%d px)", h)
	}
	if eval[int](t, ctx, `document.querySelectorAll(".chat-suggest a").length`) == 0 {
		t.Error("no suggestions on the first visit")
	}
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#chat-form textarea"), "What's your email?"), chromedp.Submit(chromedp.CSS("#chat-form")),
		chromedp.WaitVisible(chromedp.CSS("#chat-log .bubble-a")))
	if a := eval[string](t, ctx, `document.querySelector("#chat-log .bubble-a").textContent`); !strings.Contains(a, "gildong@example.com") {
		t.Errorf("answer without the script: %q", a)
	}
	if eval[int](t, ctx, `document.querySelectorAll(".chat-suggest").length`) != 0 {
		t.Error("the suggestions stay after the first question")
	}
	if dir := os.Getenv("CHAT_SCREENSHOTS"); dir != "" {
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dir+"/chat-nojs.png", png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
