package messages

import (
	"embed"
	htmltemplate "html/template"
	"net/mail"
	"strconv"
	"strings"
	"text/template"
	"time"

	"sitecard/internal/i18n"
	"sitecard/internal/mailer"
	"sitecard/models"
)

//go:embed mail/*.tmpl
var mailFiles embed.FS

// mailTemplates are the bodies of the mails the package sends: a message's notification
// and an address's confirmation. Every word comes from the i18n catalogue; the mails
// are in both languages, Korean first, since a member has no language of their own and
// a mail is read away from the site. The HTML parts are auto-escaped.
type mailTemplates struct {
	text *template.Template // the plain-text parts, and the subjects (subjects.txt.tmpl)
	html *htmltemplate.Template
}

func loadMailTemplates(c *i18n.Catalog) (*mailTemplates, error) {
	// t is a label in both languages: "이름 (Name)".
	t := func(key string) string {
		ko, en := c.T(i18n.Korean, key), c.T(i18n.English, key)
		if ko == en {
			return ko
		}
		return ko + " (" + en + ")"
	}
	text, err := template.New("").Funcs(template.FuncMap{"t": t}).ParseFS(mailFiles, "mail/*.txt.tmpl")
	if err != nil {
		return nil, err
	}
	html, err := htmltemplate.New("").Funcs(htmltemplate.FuncMap{"t": t}).ParseFS(mailFiles, "mail/*.html.tmpl")
	if err != nil {
		return nil, err
	}
	return &mailTemplates{text: text, html: html}, nil
}

// messageMail is what the message templates read.
type messageMail struct {
	Name, Email, Card, Body, Link string
}

// confirmMail is what the confirmation templates read.
type confirmMail struct {
	Link string
}

func (t *mailTemplates) render(name string, data any) (subject, text, html string, err error) {
	var s, b, h strings.Builder
	if err := t.text.ExecuteTemplate(&s, name, data); err != nil {
		return "", "", "", err
	}
	if err := t.text.ExecuteTemplate(&b, name+".txt.tmpl", data); err != nil {
		return "", "", "", err
	}
	if err := t.html.ExecuteTemplate(&h, name+".html.tmpl", data); err != nil {
		return "", "", "", err
	}
	return s.String(), b.String(), strings.TrimSpace(h.String()), nil
}

// message is a message as an email: the memo's fields, whole, in a plain-text and an
// HTML part, with the visitor as Reply-To and a Message-ID that is the same for every
// try (a relay or a mail client recognises a retry as the same mail).
func (t *mailTemplates) message(from *mail.Address, to *models.Member, l Letter, host string) (*mailer.Mail, error) {
	msg := l.Message
	card := l.Card
	if card == "" {
		card = "-"
	}
	subject, text, html, err := t.render("message", messageMail{Name: msg.Name, Email: msg.Email, Card: card, Body: msg.Body, Link: l.Link})
	if err != nil {
		return nil, err
	}
	return &mailer.Mail{From: from, To: mailer.Address(to.DisplayName, to.Email), ReplyTo: mailer.Address(msg.Name, msg.Email),
		Subject: subject, Text: text, HTML: html,
		MessageID: "message." + strconv.FormatInt(msg.ID, 10) + "." + strconv.FormatInt(l.CreatedAt.Unix(), 10) + "@" + host,
		Date:      l.CreatedAt}, nil
}

// confirmation is the mail with an address's confirmation link.
func (t *mailTemplates) confirmation(from *mail.Address, to *models.Member, link, messageID string, now time.Time) (*mailer.Mail, error) {
	subject, text, html, err := t.render("confirm", confirmMail{Link: link})
	if err != nil {
		return nil, err
	}
	return &mailer.Mail{From: from, To: mailer.Address(to.DisplayName, to.Email), Subject: subject,
		Text: strings.TrimRight(text, "\n"), HTML: html, MessageID: messageID, Date: now}, nil
}
