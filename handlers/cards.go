package handlers

import (
	"errors"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"sitecard/internal/i18n"
	"sitecard/internal/ogimage"
	"sitecard/internal/pagecache"
	"sitecard/internal/socials"
	"sitecard/internal/validate"
	"sitecard/internal/vcard"
	"sitecard/models"
	"sitecard/services"
)

// CardView is what the card page shows.
type CardView struct {
	View
	Card *models.Card
	// CardURL is the card's address, Org where its owner works (the h-card's u-url and
	// p-org).
	CardURL, Org string
	// InApp names the messenger whose in-app browser shows the page (which often cannot
	// save a .vcf or a PDF), and OpenExternal opens the card in the phone's browser instead,
	// where the messenger offers a way.
	InApp string
	// OpenExternal is made here from BASE_URL; html/template refuses a kakaotalk: address
	// unless told it is trusted.
	OpenExternal template.URL
	Name         string
	AltName      string
	JobTitle     string
	Initials     string
	PhotoURL     string
	ResumeURL    string
	VCardURL     string
	QRURL        string
}

// SectionTitle is the owner's own title, or the translated default for its kind.
func (v *CardView) SectionTitle(s *models.Section) string {
	if s.Title != "" {
		return s.Title
	}
	return v.T("section." + s.Kind)
}

// SocialLink is how a card shows one of its links: the service's icon and a name that is
// never empty (the owner's label, else the service's name, else the site's host).
type SocialLink struct {
	Icon, Name string
}

// Social recognises the service a link points to from its address.
func (v *CardView) Social(l *models.Link) SocialLink {
	s := socials.Recognize(l.URL)
	name := l.Label
	switch {
	case name != "":
	case s.ID == "web" && s.Host != "":
		name = s.Host
	default:
		name = v.T("service." + s.ID)
	}
	return SocialLink{Icon: s.ID, Name: name}
}

// Percent is a skill's percentage, clamped to 0–100 for the bar.
func (v *CardView) Percent(it *models.Item) int {
	if it.Percent == nil {
		return 0
	}
	return max(0, min(100, *it.Percent))
}

// cardPage serves the public card pages and the files derived from a card.
type cardPage struct {
	*site
	cards   CardPages
	views   Views
	uploads Uploads
	cache   *pagecache.Cache
	pages   pageSender
	// og draws share images; drawn keeps them, the PDF résumés, the vCards and the QR
	// codes per card version and language, each drawn once.
	og    *ogimage.Drawer
	drawn Drawn
}

// pageSender answers with prepared pages; its header bytes are built once.
type pageSender struct {
	headers                            headers
	etagKey, encodingKey, encodingGzip []byte
}

func newPageSender() pageSender {
	return pageSender{
		// no-cache: browsers keep the page but revalidate with the ETag, so an edit shows
		// on the next visit.
		headers: newHeaders(
			"Vary", "Accept-Encoding, Accept-Language, Cookie, HX-Request",
			"Cache-Control", "no-cache",
			"Content-Type", "text/html; charset=utf-8",
		),
		etagKey: []byte("ETag"), encodingKey: []byte("Content-Encoding"), encodingGzip: []byte("gzip"),
	}
}

// show serves a card page from the page cache, rendering it on a miss. One card has a
// handful of variants (language × theme × fragment), each cached with its ETag and gzip.
func (h *cardPage) show(c *fiber.Ctx) error {
	v := h.render.view(c)
	// ?lang= is a language's own address for the card: it wins over the cookie and
	// Accept-Language, so that search engines and messengers can fetch each language, and
	// a visitor who follows the toggle keeps the choice.
	// The language is taken as one of the catalog's constants, never as the query's
	// string: that one points into a buffer the next request reuses, and the page cache
	// keeps its key.
	if lang := i18n.Canonical(c.Query("lang")); lang != "" && lang != v.Lang {
		v.Lang = lang
		c.Cookie(&fiber.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: fiber.CookieSameSiteLaxMode,
			Secure: h.cfg.BaseURL.Scheme == "https"})
	}
	key, ok := h.pageKey(c, v)
	if !ok {
		return h.notFound(c, false)
	}
	if key.Slug != "" && c.Path() != "/c/"+key.Slug {
		// One address per card: another spelling (/c/Alice, /C/alice, /c/alice/) is sent
		// to the card's own, so that no spelling makes a page of its own in the cache.
		return h.canonicalRedirect(c, "/c/"+key.Slug)
	}
	slug, hx, inApp := key.Slug, key.Fragment, key.InApp
	// The page shows its own address (the toggles' next=), which is the canonical one.
	if slug == "" {
		v.Path = "/"
	} else {
		v.Path = "/c/" + slug
	}
	page, ok := h.cache.Get(key)
	if !ok {
		var card *models.Card
		var err error
		if slug == "" {
			card, err = h.cards.Primary(c.UserContext())
		} else {
			card, err = h.cards.BySlug(c.UserContext(), slug)
		}
		if errors.Is(err, models.ErrNotFound) {
			return h.notFound(c, slug == "")
		}
		if err != nil {
			return err
		}
		cv := h.cardView(v, card)
		if slug != "" {
			// The primary card read at /c/{slug} keeps that address when the language
			// changes (its canonical address stays /).
			cv.LangHref = "/c/" + card.Slug + "?lang="
		}
		cv.InApp = inApp
		if inApp == inAppKakao {
			cv.OpenExternal = template.URL("kakaotalk://web/openExternal?url=" + url.QueryEscape(cv.CardURL)) //nolint:gosec // built from BASE_URL, escaped
		}
		body, err := h.render.renderPage("card", cv, hx)
		if err != nil {
			return err
		}
		page = pagecache.NewPage(body)
		page.CardID = card.ID
		h.cache.Put(key, page)
	}
	ua := c.Get(fiber.HeaderUserAgent)
	h.views.Record(page.CardID, ua)
	// The source is read here and counted; the page is the same for every source (its
	// cache key has none), and nothing of it is given back to the browser to keep.
	h.views.RecordSource(page.CardID, services.SourceOf(services.Visit{Src: c.Query("src"), Referer: c.Get(fiber.HeaderReferer),
		UserAgent: ua, OwnHost: h.cfg.BaseURL.Host}), ua)
	return h.pages.page(c, page)
}

// pageKey is the page cache's key for a request: the card's normalized slug (a copy),
// and for every other part one of its known values, so that no request bytes can make a
// key of their own or change one once the request's buffers are reused. ok is false for a
// path that names no card.
func (h *cardPage) pageKey(c *fiber.Ctx, v View) (pagecache.Key, bool) {
	key := pagecache.Key{Lang: v.Lang, Theme: v.Theme, Fragment: isHTMX(c), InApp: inAppBrowser(c.Get(fiber.HeaderUserAgent))}
	// Only / has no slug: /c/:slug needs one.
	if raw := c.Params("slug"); raw != "" {
		slug, ok := validate.CardSlug(raw)
		if !ok {
			return key, false
		}
		key.Slug = slug
	}
	return key, true
}

// canonicalRedirect sends the browser for good (301) to path, with the query it came
// with (?lang= and the rest).
func (h *cardPage) canonicalRedirect(c *fiber.Ctx, path string) error {
	if q := c.Context().URI().QueryString(); len(q) > 0 {
		path += "?" + string(q)
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
	return c.Redirect(path, fiber.StatusMovedPermanently)
}

// page answers with a prepared page: 304 when the browser has it, gzip when accepted.
func (s pageSender) page(c *fiber.Ctx, p *pagecache.Page) error {
	s.headers.apply(c)
	h := &c.Response().Header
	h.SetCanonical(s.etagKey, p.ETagBytes)
	if inm := c.Get(fiber.HeaderIfNoneMatch); inm != "" && strings.Contains(inm, p.ETag) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	if p.Gzip != nil && acceptsGzip(c) {
		h.SetCanonical(s.encodingKey, s.encodingGzip)
		return c.Send(p.Gzip)
	}
	return c.Send(p.Body)
}

// cardName is the card's name in lang: the English one on an English page when the card
// has it, else the Korean one (or the English one when that is all there is).
func cardName(card *models.Card, lang string) string {
	if (lang == i18n.English && card.NameEn != "") || card.NameKo == "" {
		return card.NameEn
	}
	return card.NameKo
}

func (s *site) cardView(v View, card *models.Card) *CardView {
	card = services.Localize(card, v.Lang)
	cv := &CardView{View: v, Card: card, Name: card.NameKo, AltName: card.NameEn, JobTitle: card.JobTitle}
	if v.Lang == i18n.English {
		if card.NameEn != "" {
			cv.Name, cv.AltName = card.NameEn, card.NameKo
		}
		if card.JobTitleEn != "" {
			cv.JobTitle = card.JobTitleEn
		}
	}
	if cv.Name == "" {
		cv.Name, cv.AltName = cv.AltName, ""
	}
	if cv.JobTitle == "" {
		// A title written only in English (a résumé imported in English) is still the title.
		cv.JobTitle = card.JobTitleEn
	}
	if cv.AltName == cv.Name {
		cv.AltName = ""
	}
	cv.Initials = initials(cv.Name)
	base := s.cfg.BaseURL.String()
	cardPath := "/c/" + card.Slug
	// The buttons go through /go/, which counts the click and sends the browser on.
	cv.VCardURL, cv.QRURL = cardPath+"/go/vcard", cardPath+"/go/qr"
	if card.PhotoPath != "" {
		cv.PhotoURL = "/media/" + card.PhotoPath
	}
	if card.ResumePath != "" {
		cv.ResumeURL = cardPath + "/go/resume"
	}
	// Each language has its own address (?lang=), canonical for that language; the bare
	// address is the x-default, which negotiates.
	cv.CardURL, cv.Org = base+card.Path(), vcard.Organisation(card)
	canonical := base + card.Path() + "?lang=" + v.Lang
	cv.Canonical = canonical
	for _, lang := range i18n.Languages() {
		cv.Alternates = append(cv.Alternates, Alternate{Lang: lang, Href: base + card.Path() + "?lang=" + lang})
	}
	cv.Alternates = append(cv.Alternates, Alternate{Lang: "x-default", Href: base + card.Path()})
	cv.LangHref = card.Path() + "?lang="
	for _, l := range card.Links {
		cv.MeLinks = append(cv.MeLinks, l.URL)
	}
	cv.Title = cv.Name
	if cv.JobTitle != "" {
		cv.Title += " · " + cv.JobTitle
	}
	cv.Description = card.Summary
	if cv.Description == "" {
		cv.Description = cv.Title
	}
	// The share image is drawn for the card (og.png), per language and version, so that a
	// messenger that keeps images by address fetches the new one after a change.
	image := base + "/c/" + card.Slug + "/og.png?lang=" + v.Lang + "&v=" + models.CardVersion(card.UpdatedAt)
	person := map[string]any{
		"@context": "https://schema.org", "@type": "Person",
		"name": cv.Name, "url": canonical, "image": image,
	}
	if cv.AltName != "" {
		person["alternateName"] = cv.AltName
	}
	if cv.JobTitle != "" {
		person["jobTitle"] = cv.JobTitle
	}
	if card.Email != "" {
		person["email"] = "mailto:" + card.Email
	}
	if card.Phone != "" {
		person["telephone"] = card.Phone
	}
	var sameAs []string
	for _, l := range card.Links {
		sameAs = append(sameAs, l.URL)
	}
	if card.Site != "" {
		sameAs = append(sameAs, card.Site)
	}
	if len(sameAs) > 0 {
		person["sameAs"] = sameAs
	}
	var languages []string
	for _, s := range card.Sections {
		if s.Kind == models.SectionLanguages {
			for _, it := range s.Items {
				languages = append(languages, it.Title)
			}
		}
	}
	if len(languages) > 0 {
		// The languages the owner wrote on the card, and only those.
		person["knowsLanguage"] = languages
	}
	// og:url is the address messengers link the share image's card to: tagged, so that
	// views from a shared preview are counted as such.
	cv.Meta = &Meta{Title: cv.Title, Description: cv.Description, URL: canonical + "&src=" + services.SourceShare, Image: image, JSONLD: person}
	return cv
}

// initials are the avatar letters when a card has no photo: the first letter of a Korean
// name (family name), or of the first two words otherwise.
func initials(name string) string {
	fields := strings.Fields(name)
	if len(fields) == 0 {
		return "?"
	}
	r, _ := utf8.DecodeRuneInString(fields[0])
	if r >= 0xAC00 && r <= 0xD7A3 || len(fields) == 1 {
		return string(r)
	}
	r2, _ := utf8.DecodeRuneInString(fields[len(fields)-1])
	return strings.ToUpper(string(r) + string(r2))
}

func (h *cardPage) publishedCard(c *fiber.Ctx) (*models.Card, error) {
	return h.cards.BySlug(c.UserContext(), c.Params("slug"))
}

// vcard serves the card as a contact: vCard 3.0, which phones import most reliably, or
// with ?v=4 vCard 4.0.
func (h *cardPage) vcard(c *fiber.Ctx) error {
	card, err := h.publishedCard(c)
	if err != nil {
		return err
	}
	o := h.vcardOptions(c, card)
	if c.Query("v") == "4" {
		o.Version = 4
	}
	body, err := h.drawn.VCard(c.UserContext(), card, o)
	if errors.Is(err, services.ErrNoPhoto) {
		h.log.Warn("vCard photo", "card", card.Slug, "err", err) // the contact goes without it
	} else if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+card.Slug+`.vcf"`)
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set(fiber.HeaderContentType, "text/vcard; charset=utf-8")
	return c.Send(body)
}

func (h *cardPage) vcardOptions(c *fiber.Ctx, card *models.Card) vcard.Options {
	lang := i18n.Canonical(c.Query("lang"))
	if lang == "" {
		lang = h.render.view(c).Lang
	}
	return vcard.Options{Version: 3, Lang: lang, URL: h.cfg.BaseURL.String() + "/c/" + card.Slug}
}

// qr serves a QR code of the card's URL as SVG.
func (h *cardPage) qr(c *fiber.Ctx) error {
	card, err := h.publishedCard(c)
	if err != nil {
		return err
	}
	// ?contact=1 encodes the contact itself, to be saved with no network; a QR code holds
	// about 2 KB, so it is the compact vCard (no photo, note or profiles).
	// Both codes carry their source: a scan opens the card as ?src=qr, and the contact's
	// URL field as ?src=qr-contact.
	address := h.cfg.BaseURL.String() + "/c/" + card.Slug
	lang, variant := "", "url"
	content := func() (string, string) { return address + "?src=" + services.SourceQR, address }
	if c.Query("contact") == "1" {
		o := h.vcardOptions(c, card)
		o.Compact = true
		o.URL += "?src=" + services.SourceContactQR
		v := h.render.view(c)
		v.Lang = o.Lang // the language the code is kept under
		lang, variant = o.Lang, "contact"
		content = func() (string, string) {
			return vcard.Card(services.Localize(card, o.Lang), o), h.cardView(v, card).Name + " · vCard"
		}
	}
	svg, err := h.drawn.QRCode(card, lang, variant, content)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "image/svg+xml")
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	return c.Send(svg)
}

// click counts a click on one of a card's buttons and sends the browser on: the address
// the card's buttons had before links carried their real address (rel=me), still shared.
func (h *cardPage) click(c *fiber.Ctx) error {
	to, err := h.countClick(c)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Redirect(to, fiber.StatusFound)
}

// ping counts a click reported by the browser (the link's ping attribute, or app.js's
// beacon) while the link itself goes straight to the profile: 204, nothing to follow.
func (h *cardPage) ping(c *fiber.Ctx) error {
	if _, err := h.countClick(c); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.SendStatus(fiber.StatusNoContent)
}

// countClick counts a click on the button the path names and returns where it goes.
func (h *cardPage) countClick(c *fiber.Ctx) (string, error) {
	card, err := h.publishedCard(c)
	if err != nil {
		return "", err
	}
	target, to, linkID := c.Params("target"), "", int64(0)
	switch target {
	case models.ClickResume:
		if card.ResumePath != "" {
			to = "/media/" + card.ResumePath
		}
	case models.ClickVCard:
		to = "/c/" + card.Slug + "/vcard.vcf"
	case models.ClickQR:
		to = "/c/" + card.Slug + "/qr.svg"
	default:
		id, perr := strconv.ParseInt(strings.TrimPrefix(target, "l"), 10, 64)
		for _, l := range card.Links {
			if perr == nil && strings.HasPrefix(target, "l") && l.ID == id {
				to, linkID, target = l.URL, id, models.ClickLink
			}
		}
	}
	if to == "" {
		return "", fiber.ErrNotFound
	}
	ua := c.Get(fiber.HeaderUserAgent)
	h.views.RecordClick(card.ID, target, linkID, ua)
	// A ping names the page it was sent from in Ping-From; a followed link in Referer.
	page := c.Get("Ping-From")
	if page == "" {
		page = c.Get(fiber.HeaderReferer)
	}
	h.views.RecordClickSource(card.ID, services.PageSource(page, ua, h.cfg.BaseURL.Host), ua)
	return to, nil
}

// In-app browsers, as inAppBrowser names them.
const (
	inAppKakao = "kakaotalk"
	inAppOther = "other"
)

// inAppBrowser tells a messenger's in-app browser from its user agent: KakaoTalk's, which
// can hand a page to the phone's browser, or Instagram's, Facebook's, LINE's or NAVER's,
// which cannot. The result is a constant: it becomes part of the page cache's key.
func inAppBrowser(ua string) string {
	switch {
	case strings.Contains(ua, "KAKAOTALK"):
		return inAppKakao
	case strings.Contains(ua, "Instagram"), strings.Contains(ua, "FBAN"), strings.Contains(ua, "FBAV"),
		strings.Contains(ua, " Line/"), strings.Contains(ua, "NAVER(inapp"):
		return inAppOther
	}
	return ""
}
