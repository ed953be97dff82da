package handlers_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"html"
	"image"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-vcard"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"sitecard/handlers"
	"sitecard/internal/pdftext"
	"sitecard/internal/testutil"
	"sitecard/services"
)

// resumeSchema compiles the vendored JSON Resume schema with an independent validator.
func resumeSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("../internal/jsonresume/schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The card as a JSON Resume validates against the published schema, in Korean and in
// English, carries every section, and is served as JSON with an ETag that answers 304.
func TestResumeJSONValidates(t *testing.T) {
	t.Parallel()
	f := fixture{srv: publicSite(t)}
	schema := resumeSchema(t)
	for lang, wants := range map[string][]string{
		"ko": {`"name": "홍길동"`, `"label": "백엔드 개발자"`, `"position": "백엔드 엔지니어"`, `"startDate": "2020"`, `"endDate": "2022"`,
			`"institution": "한국대학교"`, `"name": "정보처리기사"`, `"level": "90%"`, `"network": "GitHub"`, `"canonical": "http://localhost:8000/c/demo/resume.json?lang=ko"`},
		"en": {`"name": "Gildong Hong"`, `"label": "Backend Developer"`, `"position": "Backend Engineer"`, `"institution": "Hankuk University"`,
			`"title": "Grand prize, company hackathon"`, `"languages": []`},
	} {
		r := do(t, f.srv, "GET", "/c/demo/resume.json?lang="+lang)
		if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") || r.header.Get("ETag") == "" {
			t.Fatalf("%s: %d %q %q", lang, r.status, r.header.Get("Content-Type"), r.header.Get("ETag"))
		}
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(doc); err != nil {
			t.Errorf("%s: the résumé does not validate: %v", lang, err)
		}
		mustContain(t, lang, r.body, wants...)
		var parsed map[string]any
		if err := json.Unmarshal([]byte(r.body), &parsed); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"basics", "work", "education", "certificates", "awards", "skills", "languages", "meta"} {
			if parsed[k] == nil {
				t.Errorf("%s: no %s", lang, k)
			}
		}
		if again := do(t, f.srv, "GET", "/c/demo/resume.json?lang="+lang, "If-None-Match", r.header.Get("ETag")); again.status != 304 {
			t.Errorf("%s: the same ETag got %d, want 304", lang, again.status)
		}
	}
	if r := do(t, f.srv, "GET", "/c/nobody/resume.json"); r.status != 404 {
		t.Errorf("an unknown card: %d", r.status)
	}
}

// The vCard, read by an independent parser: the name, title and organisation, every
// profile as a typed URL, the summary as a note and the photo as a small JPEG; ?v=4 is a
// vCard 4.0; the contact QR code carries the contact itself.
func TestVCardIsComplete(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	alice := newClient(t, f.srv)
	alice.login("admin", adminPassword)
	card := "/admin/cards/" + itoa(f.demoCardID)
	alice.get(card)
	if r := alice.upload(card+"/photo", "photo", "me.png", pngBytes(t)); r.status != 303 {
		t.Fatalf("photo: %d", r.status)
	}
	if page := do(t, f.srv, "GET", "/c/demo").body; !strings.Contains(page, `<img class="u-photo" src="/media/`) {
		t.Error("the h-card has no u-photo")
	}
	for _, version := range []string{"3.0", "4.0"} {
		path := "/c/demo/vcard.vcf"
		if version == "4.0" {
			path += "?v=4"
		}
		r := do(t, f.srv, "GET", path)
		c, err := vcard.NewDecoder(strings.NewReader(r.body)).Decode()
		if err != nil {
			t.Fatalf("%s: %v\n%s", version, err, r.body)
		}
		if c.Value(vcard.FieldVersion) != version || c.Value(vcard.FieldFormattedName) != "홍길동" || c.Value(vcard.FieldTitle) != "백엔드 개발자" ||
			c.Value(vcard.FieldOrganization) != "Example Corp." || !strings.HasPrefix(c.Value(vcard.FieldNote), "Go와 웹 서비스") {
			t.Errorf("%s: %v", version, c)
		}
		types := map[string]string{}
		for _, u := range c[vcard.FieldURL] {
			types[u.Params.Get(vcard.ParamType)] = u.Value
		}
		for typ, want := range map[string]string{"github": "https://github.com/", "youtube": "https://www.youtube.com/", "sitecard": "http://localhost:8000/c/demo"} {
			if !strings.EqualFold(types[typ], want) && types[strings.ToUpper(typ)] != want {
				t.Errorf("%s: URL of type %s = %q (%v)", version, typ, types[typ], types)
			}
		}
		photo := c.Value(vcard.FieldPhoto)
		if version == "4.0" {
			photo = strings.TrimPrefix(photo, "data:image/jpeg;base64,")
		}
		raw, err := base64.StdEncoding.DecodeString(photo)
		if err != nil {
			t.Fatalf("%s: photo: %v", version, err)
		}
		if cfg, format, err := image.DecodeConfig(bytes.NewReader(raw)); err != nil || format != "jpeg" || cfg.Width > 256 || cfg.Height > 256 {
			t.Errorf("%s: photo %s %dx%d %v", version, format, cfg.Width, cfg.Height, err)
		}
	}
	qr := do(t, f.srv, "GET", "/c/demo/qr.svg?contact=1")
	var svg struct {
		Title string `xml:"title"`
		Path  struct {
			D string `xml:"d,attr"`
		} `xml:"path"`
	}
	if err := xml.Unmarshal([]byte(qr.body), &svg); err != nil || svg.Title != "홍길동 · vCard" {
		t.Fatalf("contact QR: %v %q", err, svg.Title)
	}
	plain := do(t, f.srv, "GET", "/c/demo/qr.svg")
	if len(qr.body) <= len(plain.body) {
		t.Errorf("the contact QR (%d bytes) holds no more than the address's (%d)", len(qr.body), len(plain.body))
	}
}

// In a messenger's browser the card offers a way out before the contact or PDF fails
// silently: KakaoTalk's opens the card in the phone's browser, the others copy its
// address; the QR code is the fallback. A real browser sees none of it, from the same cache.
func TestInAppBrowsersAreOfferedAWayOut(t *testing.T) {
	t.Parallel()
	f := fixture{srv: publicSite(t)}
	for _, tc := range []struct {
		ua   string
		want []string
		not  []string
	}{
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1", nil, []string{`class="in-app"`}},
		{"Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36 KAKAOTALK 10.4.3",
			[]string{`class="in-app"`, `href="kakaotalk://web/openExternal?url=http%3A%2F%2Flocalhost%3A8000%2Fc%2Falice"`, `href="/c/alice/go/qr"`}, []string{`id="copy-url"`}},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Instagram 330.0.3.12.235",
			[]string{`class="in-app"`, `id="copy-url" type="url" readonly value="http://localhost:8000/c/alice"`}, []string{"kakaotalk://"}},
		{"Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36 [FBAN/EMA;FBLC/ko_KR;FBAV/400.0]", []string{`id="copy-url"`}, nil},
		{"Mozilla/5.0 (iPhone) Mobile/15E148 Safari Line/13.1.0", []string{`id="copy-url"`}, nil},
		{"Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36 NAVER(inapp; search; 2000; 12.1.0)", []string{`id="copy-url"`}, nil},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1", nil, []string{`class="in-app"`}},
	} {
		body := do(t, f.srv, "GET", "/c/alice", "User-Agent", tc.ua).body
		mustContain(t, tc.ua, body, tc.want...)
		if strings.Contains(body, "ZgotmplZ") {
			t.Errorf("%s: an address the template refused", tc.ua)
		}
		for _, n := range tc.not {
			if strings.Contains(body, n) {
				t.Errorf("%s: has %s", tc.ua, n)
			}
		}
	}
}

// The share image: a 1200×630 PNG under 150 KB, drawn per card version (an edit changes
// it) and language, named by the card page's og:image and twitter:image with their size.
func TestShareImage(t *testing.T) {
	t.Parallel()
	cards := publicCards()
	f := fixture{srv: alone(t, handlers.Deps{Cards: cards, Views: quietViews{}, Uploads: noStoredFiles{}, Drawn: services.NewDrawn(nil, 64, 1<<20)})}
	page := do(t, f.srv, "GET", "/c/demo").body
	m := regexp.MustCompile(`<meta property="og:image" content="http://localhost:8000(/c/demo/og.png\?[^"]+)">`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no og:image of the card's own: %.300s", page)
	}
	mustContain(t, "meta", page, `<meta property="og:image:width" content="1200">`, `<meta property="og:image:height" content="630">`,
		`<meta name="twitter:card" content="summary_large_image">`, `<meta name="twitter:image" content="http://localhost:8000/c/demo/og.png?`)
	r := do(t, f.srv, "GET", html.UnescapeString(m[1]))
	cfg, format, err := image.DecodeConfig(strings.NewReader(r.body))
	if r.status != 200 || err != nil || format != "png" || cfg.Width != 1200 || cfg.Height != 630 || r.header.Get("Content-Type") != "image/png" {
		t.Fatalf("og.png: %d %v %s %dx%d", r.status, err, format, cfg.Width, cfg.Height)
	}
	if len(r.body) > 150<<10 {
		t.Errorf("og.png is %d KB, over 150", len(r.body)>>10)
	}
	if again := do(t, f.srv, "GET", "/c/demo/og.png", "If-None-Match", r.header.Get("ETag")); again.status != 304 {
		t.Errorf("the same image's ETag got %d", again.status)
	}
	en := do(t, f.srv, "GET", "/c/demo/og.png?lang=en")
	if en.header.Get("ETag") == r.header.Get("ETag") {
		t.Error("the English image is the Korean one")
	}
	// A new version of the card (as an edit makes it) is a new image.
	demo, err := cards.BySlug(context.Background(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	demo.NameKo, demo.NameEn, demo.UpdatedAt = "김철수", "Cheolsu Kim", demo.UpdatedAt.Add(time.Second)
	f.srv.Cache.Purge()
	if after := do(t, f.srv, "GET", "/c/demo/og.png"); after.status != 200 || after.header.Get("ETag") == r.header.Get("ETag") {
		t.Errorf("the image did not change with the card: %d", after.status)
	}
}

// An owner's edit in the dashboard makes the share image new.
func TestShareImageFollowsEdits(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	r := do(t, f.srv, "GET", "/c/demo/og.png")
	if r.status != 200 || r.header.Get("ETag") == "" {
		t.Fatalf("og.png: %d", r.status)
	}
	admin := newClient(t, f.srv)
	admin.login("admin", adminPassword)
	card := "/admin/cards/" + itoa(f.demoCardID)
	admin.get(card)
	if r := admin.post(card+"/profile", url.Values{"name_ko": {"김철수"}, "name_en": {"Cheolsu Kim"}}); r.status != 303 {
		t.Fatalf("profile: %d", r.status)
	}
	if after := do(t, f.srv, "GET", "/c/demo/og.png"); after.header.Get("ETag") == r.header.Get("ETag") {
		t.Error("the image did not change with the card")
	}
}

// The résumé drawn from the card: an A4 PDF under 300 KB whose text a real PDF reader
// (PDFium) finds, every item of every section, Hangul included; ?lang=en in English; kept
// per version (the same ETag answers 304).
func TestCVPDFCarriesEveryItem(t *testing.T) {
	t.Parallel()
	cards := publicCards()
	f := fixture{srv: alone(t, handlers.Deps{Cards: cards, Views: quietViews{}, Uploads: noStoredFiles{}, Drawn: services.NewDrawn(nil, 64, 1<<20)})}
	card, err := cards.BySlug(context.Background(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	if page := do(t, f.srv, "GET", "/c/demo").body; !strings.Contains(page, `href="/c/demo/cv.pdf?lang=ko"`) {
		t.Error("the card does not link its PDF résumé")
	}
	for _, lang := range []string{"ko", "en"} {
		r := do(t, f.srv, "GET", "/c/demo/cv.pdf?lang="+lang)
		if r.status != 200 || r.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.body, "%PDF-") {
			t.Fatalf("%s: %d %q", lang, r.status, r.header.Get("Content-Type"))
		}
		if len(r.body) > 300<<10 {
			t.Errorf("%s: %d KB, over 300", lang, len(r.body)>>10)
		}
		if !strings.Contains(r.body, "/MediaBox [0 0 595.28 841.89]") {
			t.Errorf("%s: not A4", lang)
		}
		pages, err := pdftext.Extract(context.Background(), []byte(r.body), pdftext.DefaultLimits())
		if err != nil {
			t.Fatalf("%s: PDFium could not read it: %v", lang, err)
		}
		text := strings.Join(strings.Fields(strings.Join(pages, " ")), " ")
		local := services.Localize(card, lang)
		for _, s := range local.Sections {
			for _, it := range s.Items {
				if !strings.Contains(text, strings.Join(strings.Fields(it.Title), " ")) {
					t.Errorf("%s: %q is not in the PDF's text", lang, it.Title)
				}
			}
		}
		for _, want := range map[string][]string{"ko": {"홍길동", "백엔드 개발자"}, "en": {"Gildong Hong", "Backend Developer"}}[lang] {
			if !strings.Contains(text, want) {
				t.Errorf("%s: %q is not in the PDF's text: %.300s", lang, want, text)
			}
		}
		if again := do(t, f.srv, "GET", "/c/demo/cv.pdf?lang="+lang, "If-None-Match", r.header.Get("ETag")); again.status != 304 {
			t.Errorf("%s: the same ETag got %d", lang, again.status)
		}
	}
}

// The owner chooses which résumé the card links: the PDF made from the card, the
// uploaded one, or both.
func TestOwnerChoosesTheResumeLinks(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	alice := newClient(t, f.srv)
	alice.login("alice", "alice-pass-1")
	card := "/admin/cards/" + itoa(f.cardID)
	if page := alice.get(card).body; !strings.Contains(page, `name="resume_links"`) {
		t.Fatal("the editor offers no choice of résumé")
	}
	for choice, wantCV := range map[string]bool{"uploaded": false, "generated": true, "both": true} {
		if r := alice.post(card+"/settings", url.Values{"slug": {"alice"}, "published": {"on"}, "resume_links": {choice}}); r.status != 303 {
			t.Fatalf("%s: %d", choice, r.status)
		}
		if got := strings.Contains(do(t, f.srv, "GET", "/c/alice").body, `href="/c/alice/cv.pdf`); got != wantCV {
			t.Errorf("%s: the card links the PDF made from it: %v", choice, got)
		}
	}
	if r := alice.post(card+"/settings", url.Values{"slug": {"alice"}, "resume_links": {"nonsense"}}); r.status != 422 {
		t.Errorf("an unknown choice: %d", r.status)
	}
}
