package handlers_test

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/services/messages"
)

var (
	describedBy = regexp.MustCompile(`aria-describedby="([^"]*)"`)
	elementID   = regexp.MustCompile(`\sid="([^"]+)"`)
	tagOrScript = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<!--.*?-->|<[^>]*>`)
	keyShaped   = regexp.MustCompile(`\b[a-z_]+\.[a-z0-9_.]*[a-z0-9_]\b`)
	latinWord   = regexp.MustCompile(`[A-Za-z]{3,}`)
	stamp       = regexp.MustCompile(`name="t" value="([^"]+)"`)
	// Code is not prose: <code>, and a read-only text area's markup to copy (the signature).
	codeElement = regexp.MustCompile(`(?s)<code>.*?</code>|<textarea[^>]* readonly[^>]*>.*?</textarea>`)
	identifiers = regexp.MustCompile(`https?://\S+|\b[\w-]+\.(?:org|com|io|net)\b|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b`)
)

// Words that are names, not English: they stay as they are in the Korean UI. "English" is
// the language toggle's link, in its own language; Enter and Shift are keys.
var productNames = []string{"English", "Enter", "Shift", "Resume", "sitecard", "KakaoTalk", "Kakao", "PDF", "URL", "vCard", "QR", "GitHub", "LinkedIn",
	"Instagram", "Facebook", "YouTube", "Google", "Blog", "Email", "Idempotency", "Key", "HTTPS", "htmx", "OpenAI", "Ollama",
	"CSRF", "Mail", "Site", "Tel", "Prometheus", "JSON", "API", "SVG", "PNG", "JPEG", "WebP",
	"Slack", "Discord", "ntfy", "Webhook", "Signature", "SMTP", "NFC", "CSV", "HTML", "Gmail", "Outlook", "Apple", "CardDAV"}

// page is one request the walk makes: a page, a fragment or a form answered with errors.
type page struct {
	who            string // "visitor" or "admin"
	method, path   string
	form           url.Values
	htmx           bool
	wantFieldError bool
}

// Every page and fragment, in Korean and in English, for a visitor and for an admin, and
// every form answered with its field errors: no attribute html/template had to neutralise
// (ZgotmplZ), every aria-describedby names an element that is there, no translation key
// shows raw, and Korean pages have no English words but names.
func TestEveryPageRendersCleanly(t *testing.T) {
	clock := &testutil.Clock{}
	f := newFixtureWith(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"), server.WithClock(clock.Now))
	f.addMessage(t)
	card, msg := itoa(f.cardID), fmt.Sprint(f.messageID)
	gets := map[string][]string{ // route → the paths that stand for it
		"/": {"/"}, "/c/:slug": {"/c/alice", "/c/demo"}, "/c/:slug/contact": {"/c/alice/contact"}, "/c/:slug/chat": {"/c/alice/chat"},
		"/login": {"/login"}, "/setup": {"/setup"}, "/login/forgot": {"/login/forgot"}, "/login/reset/:token": {"/login/reset/not-a-token"}, "/login/code": {"/login/code"},
		"/admin/account/totp": {"/admin/account/totp"}, "/admin/audit": {"/admin/audit", "/admin/audit?page=2"},
		"/admin/": {"/admin", "/admin?q=zz"}, "/admin/account": {"/admin/account"}, "/admin/cards/:id": {"/admin/cards/" + card},
		"/admin/kakao": {"/admin/kakao"}, "/admin/kakao/status": {"/admin/kakao/status"},
		"/admin/messages": {"/admin/messages", "/admin/messages?state=failed"}, "/admin/messages/:id": {"/admin/messages/" + msg},
		"/admin/members": {"/admin/members"}, "/admin/channels": {"/admin/channels"},
		"/admin/account/app-passwords": {"/admin/account/app-passwords"},
		"/admin/sources":               {"/admin/sources", "/admin/sources?days=90&site=1", "/admin/sources?card=" + card},
		"/confirm-email/:token":        {"/confirm-email/not-a-token"},
	}
	notPages := []string{"/c/:slug/cv.pdf", "/c/:slug/og.png", "/openapi.json", "/.well-known/webfinger", "/c/:slug/resume.json", "/metrics", "/healthz", "/readyz", "/static/*", "/prefs", "/robots.txt", "/sitemap.xml", "/sitemap-:n.xml",
		"/media/:name", "/c/:slug/vcard.vcf", "/c/:slug/qr.svg", "/c/:slug/go/:target", "/admin/kakao/connect", "/admin/kakao/callback", "/admin/backup",
		"/c/:slug/cards.pdf", "/c/:slug/background.png", "/admin/sources.csv",
		"/icons/:service.png", "/admin/cards/:id/signature",
		"/dav/*", "/dav", "/.well-known/carddav", "/admin/messages/:id/contact.vcf",
		"/login/oidc", "/login/oidc/callback"}
	var pages []page
	for _, r := range f.srv.App.GetRoutes(true) {
		if r.Method != "GET" || slices.Contains(notPages, r.Path) {
			continue
		}
		paths, ok := gets[r.Path]
		if !ok {
			t.Errorf("GET %s is not walked: add it to the test", r.Path)
			continue
		}
		who := "visitor"
		if strings.HasPrefix(r.Path, "/admin") {
			who = "admin"
		}
		for _, p := range paths {
			pages = append(pages, page{who: who, method: "GET", path: p}, page{who: who, method: "GET", path: p, htmx: true})
		}
	}
	for _, form := range []page{
		{who: "visitor", path: "/login", form: url.Values{"login": {""}, "password": {""}}},
		{who: "visitor", path: "/login/forgot", form: url.Values{"login": {""}}},
		{who: "visitor", path: "/contact", form: url.Values{"card": {"alice"}, "email": {"not-an-address"}}},
		{who: "admin", path: "/admin/cards", form: url.Values{"name_ko": {""}, "slug": {"Not A Slug"}}},
		{who: "admin", path: "/admin/members", form: url.Values{"login": {""}, "password": {"1"}}},
		{who: "admin", path: "/admin/account", form: url.Values{"email": {"not-an-address"}}},
		{who: "admin", path: "/admin/channels/webhook", form: url.Values{"webhook_url": {"http://10.0.0.1/hook"}, "preset": {"standard"}}},
		{who: "admin", path: "/admin/cards/" + card + "/profile", form: url.Values{"name_ko": {""}, "email": {"not-an-address"}}},
	} {
		for _, htmx := range []bool{false, true} {
			form.method, form.htmx, form.wantFieldError = "POST", htmx, true
			pages = append(pages, form)
		}
	}

	key := rawKey(t)
	content := contentWords(t, f)
	for _, lang := range []string{"ko", "en"} {
		visitor, admin := newClient(t, f.srv), newClient(t, f.srv)
		admin.login("admin", adminPassword)
		for _, c := range []*client{visitor, admin} {
			c.cookies["lang"] = lang
		}
		visitor.get("/login")
		for _, p := range pages {
			c := visitor
			if p.who == "admin" {
				c = admin
			}
			hx := []string{}
			if p.htmx {
				hx = []string{"HX-Request", "true"}
			}
			var r response
			if p.method == "GET" {
				r = c.get(p.path, hx...)
			} else {
				form := maps.Clone(p.form)
				if p.path == "/contact" { // the form's time stamp, as a browser sends it
					form.Set("t", stamp.FindStringSubmatch(c.get("/c/alice/contact").body)[1])
					clock.Advance(messages.MinFillTime) // not a robot's haste
				}
				r = c.post(p.path, form, hx...)
			}
			name := fmt.Sprintf("%s %s %s (htmx %v, %s)", lang, p.method, p.path, p.htmx, p.who)
			if r.status >= 300 && r.status < 400 {
				continue // a redirect (the setup page once an admin exists)
			}
			if p.wantFieldError && !strings.Contains(r.body, `aria-invalid="true"`) {
				t.Errorf("%s: %d, no field marked invalid: %.300q %v", name, r.status, r.body, r.header)
			}
			checkPage(t, name, lang, r.body, key, content)
			if strings.Contains(r.body, "<html") && (!strings.Contains(r.body, `<meta name="description" content="`) || strings.Contains(r.body, `<meta name="description" content="">`)) {
				t.Errorf("%s: no meta description", name)
			}
		}
	}
}

func checkPage(t *testing.T, name, lang, body string, key *regexp.Regexp, content map[string]bool) {
	t.Helper()
	if n := strings.Count(body, "<main"); n > 1 {
		t.Errorf("%s: %d <main> elements", name, n)
	}
	if strings.Contains(body, "ZgotmplZ") {
		i := strings.Index(body, "ZgotmplZ")
		t.Errorf("%s: ZgotmplZ in %q", name, body[max(0, i-80):min(len(body), i+40)])
	}
	ids := map[string]bool{}
	for _, m := range elementID.FindAllStringSubmatch(body, -1) {
		ids[m[1]] = true
	}
	for _, m := range describedBy.FindAllStringSubmatch(body, -1) {
		for _, id := range strings.Fields(m[1]) {
			if !ids[id] {
				t.Errorf("%s: aria-describedby names %q, which is not on the page", name, id)
			}
		}
	}
	text := tagOrScript.ReplaceAllString(body, " ")
	for _, m := range key.FindAllStringSubmatch(text, -1) {
		if k := m[0][len(m[1]):]; !content[k] {
			t.Errorf("%s: %q looks like a translation key shown raw", name, k)
		}
	}
	if lang != "ko" {
		return
	}
	// Code, addresses and setting names are identifiers, not English.
	text = identifiers.ReplaceAllString(tagOrScript.ReplaceAllString(codeElement.ReplaceAllString(body, " "), " "), " ")
	for _, w := range latinWord.FindAllString(text, -1) {
		if !slices.Contains(productNames, w) && !content[strings.ToLower(w)] {
			i := strings.Index(text, w)
			t.Errorf("%s: English %q in Korean UI text: %q", name, w, strings.Join(strings.Fields(text[max(0, i-60):min(len(text), i+60)]), " "))
		}
	}
}

// contentWords are the words of what owners and visitors wrote (cards, members, messages):
// they may be in any language, and any shape.
func contentWords(t *testing.T, f *fixture) map[string]bool {
	t.Helper()
	words := map[string]bool{}
	for _, table := range []string{"cards", "card_sections", "section_items", "card_links", "members", "messages"} {
		var rows []map[string]any
		if err := f.srv.DB.NewSelect().Table(table).Scan(context.Background(), &rows); err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			for _, v := range row {
				s := ""
				switch v := v.(type) {
				case string:
					s = v
				case []byte:
					s = string(v)
				}
				for _, w := range latinWord.FindAllString(s, -1) {
					words[strings.ToLower(w)] = true
				}
				for _, w := range keyShaped.FindAllString(s, -1) {
					words[w] = true
				}
			}
		}
	}
	return words
}
