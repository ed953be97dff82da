package handlers_test

import (
	"bytes"
	"html"
	"image"
	"image/color"
	"image/jpeg"
	"net/url"
	"regexp"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"

	"sitecard/internal/testutil"
)

var sigArea = regexp.MustCompile(`(?s)<textarea id="(sig-html|sig-text)" readonly rows="6">(.*?)</textarea>`)

// The editor's signature, pasted as a mail program would take it: parsed as HTML, it
// loads nothing but the site's own images, runs no script and needs no stylesheet; it
// holds the photo, name, title, phone and the card's link tagged sig; its icons are PNGs
// the site serves. The plain text says the same; both languages.
func TestSignatureIsSelfContainedMail(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	base := f.srv.Config.BaseURL.String()
	c := newClient(t, f.srv)
	c.login("alice", "alice-pass-1")
	card := "/admin/cards/" + itoa(f.cardID)
	c.get(card)
	if r := c.post(card+"/profile", url.Values{"name_ko": {"앨리스 <b>"}, "job_title": {"개발자"}, "phone": {"+82 10-1234-5678"}, "email": {"alice@example.com"}}); r.status != 303 {
		t.Fatalf("profile: %d %.300s", r.status, r.body)
	}
	img := image.NewRGBA(image.Rect(0, 0, 300, 300))
	for x := range 300 {
		img.Set(x, x, color.RGBA{200, 30, 90, 255})
	}
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, img, nil); err != nil {
		t.Fatal(err)
	}
	if r := c.upload(card+"/photo", "photo", "me.jpg", jb.Bytes()); r.status != 303 {
		t.Fatalf("photo: %d", r.status)
	}
	page := c.get(card).body
	areas := map[string]string{}
	for _, m := range sigArea.FindAllStringSubmatch(page, -1) {
		areas[m[1]] = html.UnescapeString(m[2])
	}
	sig, text := areas["sig-html"], areas["sig-text"]
	if sig == "" || text == "" {
		t.Fatalf("no signature on the editor: %v", areas)
	}
	mustContain(t, "editor", page, "이메일 서명", "HTML 복사", "텍스트 복사", `data-copy-html`)

	doc, err := xhtml.Parse(strings.NewReader(sig))
	if err != nil {
		t.Fatal(err)
	}
	var images, links []string
	var texts strings.Builder
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.TextNode {
			texts.WriteString(n.Data + " ")
		}
		if n.Type == xhtml.ElementNode {
			switch n.Data {
			case "script", "style", "link", "iframe", "object", "embed", "form", "svg", "video", "audio", "base", "meta":
				t.Errorf("the signature has a <%s>", n.Data)
			}
			for _, a := range n.Attr {
				switch {
				case strings.HasPrefix(a.Key, "on"):
					t.Errorf("the signature has a handler %s=%q", a.Key, a.Val)
				case a.Key == "class" || a.Key == "id":
					t.Errorf("the signature relies on a stylesheet: %s=%q", a.Key, a.Val)
				case a.Key == "style" && (strings.Contains(a.Val, "url(") || strings.Contains(a.Val, "@import")):
					t.Errorf("a style loads something: %q", a.Val)
				case a.Key == "src" || a.Key == "srcset" || a.Key == "background" || a.Key == "poster":
					images = append(images, a.Val)
					if !strings.HasPrefix(a.Val, base+"/") {
						t.Errorf("the signature loads %q, not from BASE_URL", a.Val)
					}
				case a.Key == "href":
					links = append(links, a.Val)
				}
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(doc)
	words := texts.String()
	for _, w := range []string{"앨리스 <b>", "개발자", "+82 10-1234-5678", "alice@example.com"} {
		if !strings.Contains(words, w) {
			t.Errorf("the signature does not show %q: %q", w, words)
		}
	}
	cardURL := base + "/c/alice?src=sig"
	for _, want := range []string{cardURL, "tel:+821012345678", "mailto:alice@example.com", "https://github.com/alice"} {
		found := false
		for _, l := range links {
			found = found || l == want
		}
		if !found {
			t.Errorf("the signature has no link to %q: %v", want, links)
		}
	}
	var photo, icon bool
	for _, src := range images {
		r := c.get(strings.TrimPrefix(src, base))
		if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "image/") {
			t.Errorf("%s: %d %q", src, r.status, r.header.Get("Content-Type"))
		}
		photo = photo || strings.Contains(src, "/media/")
		if strings.Contains(src, "/icons/github.png") {
			icon = r.header.Get("Content-Type") == "image/png"
		}
	}
	if !photo || !icon {
		t.Errorf("photo %v, GitHub's PNG icon %v: %v", photo, icon, images)
	}
	for _, w := range []string{"앨리스 <b>", "개발자", cardURL, "GitHub: https://github.com/alice"} {
		if !strings.Contains(text, w) {
			t.Errorf("the plain-text signature lacks %q: %q", w, text)
		}
	}
	if r := c.get("/icons/nonsense.png"); r.status != 404 {
		t.Errorf("an unknown icon: %d", r.status)
	}

	preview := c.get(card + "/signature")
	csp := preview.header.Get("Content-Security-Policy")
	if preview.status != 200 || !strings.Contains(preview.body, sig) || strings.Contains(csp, "script-src") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("preview: %d, CSP %q", preview.status, csp)
	}

	c.cookies["lang"] = "en"
	en := c.get(card).body
	mustContain(t, "English editor", en, "Email signature", "Copy HTML", "Copy text")
}
