package handlers

import (
	"context"
	"time"

	"sitecard/internal/vcard"
	"sitecard/models"
	"sitecard/services"
)

// The services the handlers call, each as the few methods they call of it. They are
// declared here, on the side that uses them, so that a handler test can hand New a fake
// of the one concern it tests (or a service on SQLite) instead of the whole site. The
// services package's types satisfy them; internal/server passes those.
//
// Outbox, Channels, Tokens, Contacts and RefreshJob are still concrete in Deps: the
// message services are being rebuilt as one package (services/messages), whose types
// will be declared here the same way.

// CardPages is what the public pages read of the cards.
type CardPages interface {
	BySlug(ctx context.Context, slug string) (*models.Card, error)
	Primary(ctx context.Context) (*models.Card, error)
	Published(ctx context.Context, offset, limit int) ([]models.Card, error)
	CountPublished(ctx context.Context) (int, error)
	Version(ctx context.Context) (string, error)
}

// Cards is the dashboard's editing of a member's cards, with the public reads.
type Cards interface {
	CardPages
	Create(ctx context.Context, actor services.Actor, values map[string]string) (*models.Card, error)
	Find(ctx context.Context, actor services.Actor, q string, page, perPage int) (*services.CardPage, error)
	Import(ctx context.Context, actor services.Actor, values map[string]string, content *models.Card) (*models.Card, error)
	ImportInto(ctx context.Context, actor services.Actor, id int64, content *models.Card, replace bool) error
	Editable(ctx context.Context, actor services.Actor, id int64) (*models.Card, error)
	PreviewProfile(ctx context.Context, actor services.Actor, id int64, values map[string]string) (*models.Card, error)
	UpdateProfile(ctx context.Context, actor services.Actor, id int64, values map[string]string) error
	UpdateSettings(ctx context.Context, actor services.Actor, id int64, values map[string]string) error
	SetChat(ctx context.Context, actor services.Actor, id int64, values map[string]string) error
	AttachFile(ctx context.Context, actor services.Actor, id int64, kind services.FileKind, data []byte) error
	MakePrimary(ctx context.Context, actor services.Actor, id int64) error
	Delete(ctx context.Context, actor services.Actor, id int64) error
	AddSection(ctx context.Context, actor services.Actor, cardID int64, values map[string]string) error
	AddLink(ctx context.Context, actor services.Actor, cardID int64, values map[string]string) error
	// The parts of a card: each returns the card it belongs to, for the owner's check
	// and the page to render again.
	UpdateSection(ctx context.Context, actor services.Actor, sectionID int64, values map[string]string) (int64, error)
	DeleteSection(ctx context.Context, actor services.Actor, sectionID int64) (int64, error)
	MoveSection(ctx context.Context, actor services.Actor, sectionID int64, step int) (int64, error)
	AddItem(ctx context.Context, actor services.Actor, sectionID int64, values map[string]string) (int64, error)
	UpdateItem(ctx context.Context, actor services.Actor, itemID int64, values map[string]string) (int64, error)
	DeleteItem(ctx context.Context, actor services.Actor, itemID int64) (int64, error)
	MoveItem(ctx context.Context, actor services.Actor, itemID int64, step int) (int64, error)
	UpdateLink(ctx context.Context, actor services.Actor, linkID int64, values map[string]string) (int64, error)
	DeleteLink(ctx context.Context, actor services.Actor, linkID int64) (int64, error)
	MoveLink(ctx context.Context, actor services.Actor, linkID int64, step int) (int64, error)
}

// Members is the accounts: sign-in by password, set-up, profiles, resets and the admin's
// member management.
type Members interface {
	Authenticate(ctx context.Context, login, password, ip string) (*models.Member, error)
	Setup(ctx context.Context, values map[string]string) (*models.Member, error)
	Count(ctx context.Context) (int, error)
	Get(ctx context.Context, id int64) (*models.Member, error)
	List(ctx context.Context, actor services.Actor, q string, page, perPage int) (*services.MemberPage, error)
	Create(ctx context.Context, actor services.Actor, values map[string]string) (*models.Member, error)
	Delete(ctx context.Context, actor services.Actor, id int64) error
	SetDisabled(ctx context.Context, actor services.Actor, id int64, disabled bool) error
	SetRole(ctx context.Context, actor services.Actor, id int64, role string) error
	UpdateProfile(ctx context.Context, id int64, values map[string]string) error
	ChangePassword(ctx context.Context, id int64, keep string, values map[string]string) error
	MailConfigured() bool
	RequestReset(ctx context.Context, login, ip string) error
	CheckReset(ctx context.Context, token string) error
	ResetPassword(ctx context.Context, token string, values map[string]string) (*models.Member, error)
}

// Signins is the record of each signed-in browser (the account page lists and ends them).
type Signins interface {
	Start(ctx context.Context, key string, memberID int64, userAgent, ip string) error
	Live(ctx context.Context, key string, memberID int64) (bool, error)
	List(ctx context.Context, memberID int64, current string) ([]services.Session, error)
	End(ctx context.Context, memberID int64, ref string) error
	EndOthers(ctx context.Context, memberID int64, keep string) (int64, error)
}

// SecondFactor is TOTP: setting it up, checking a code, turning it off.
type SecondFactor interface {
	Begin(ctx context.Context, m *models.Member) (*services.TOTPSetup, error)
	Pending(ctx context.Context, m *models.Member) (*services.TOTPSetup, error)
	Confirm(ctx context.Context, memberID int64, code string) ([]string, error)
	Verify(ctx context.Context, memberID int64, code string) (string, error)
	Enabled(ctx context.Context, memberID int64) (bool, error)
	Status(ctx context.Context, memberID int64) (services.Status, error)
	Disable(ctx context.Context, memberID int64, password string) error
	Clear(ctx context.Context, actor services.Actor, memberID int64) (bool, error)
}

// Audit is the admin's trail of who did what.
type Audit interface {
	Record(ctx context.Context, e services.AuditEntry) error
	List(ctx context.Context, actor services.Actor, page, perPage int) (*services.AuditPage, error)
}

// Passkeys is WebAuthn: registering a passkey and signing in with one.
type Passkeys interface {
	BeginRegistration(ctx context.Context, m *models.Member) (*services.Ceremony, error)
	FinishRegistration(ctx context.Context, m *models.Member, state, response []byte, name string) error
	BeginLogin(ctx context.Context, ip string) (*services.Ceremony, error)
	FinishLogin(ctx context.Context, state, response []byte) (*models.Member, error)
	Has(ctx context.Context, memberID int64) (bool, error)
	List(ctx context.Context, memberID int64) ([]models.Passkey, error)
	Remove(ctx context.Context, memberID, id int64) error
}

// SSO is sign-in through the OpenID Connect provider.
type SSO interface {
	Begin(ctx context.Context, ip string) (string, services.SSOFlow, error)
	Finish(ctx context.Context, flow services.SSOFlow, state, code string, linkTo int64) (*models.Member, error)
}

// Views counts what visitors do (views, clicks, sources) and reports it to owners.
type Views interface {
	Record(cardID int64, userAgent string)
	RecordClick(cardID int64, target string, linkID int64, userAgent string)
	RecordSource(cardID int64, source, userAgent string)
	RecordClickSource(cardID int64, source, userAgent string)
	RecordMessageSource(cardID int64, source string)
	Stats(ctx context.Context, actor services.Actor, cardIDs []int64) (*services.Stats, error)
	SourceScope(ctx context.Context, actor services.Actor, cardID int64, site bool) (models.SourceScope, error)
	SourceStats(ctx context.Context, scope models.SourceScope, days int) (*services.SourceStats, error)
	Export(ctx context.Context, actor services.Actor, scope models.SourceScope, days int) (*services.SourceExport, error)
}

// Uploads is the card's stored files (photo, résumé) and the résumé's reading.
type Uploads interface {
	Open(ctx context.Context, name string) (*services.StoredFile, error)
	TextStatus(ctx context.Context, name string) (string, error)
}

// Backups is the admin's download of the whole site.
type Backups interface {
	Start(ctx context.Context) (*services.Backup, error)
	Last(ctx context.Context) (*time.Time, error)
}

// Chat is the card's chatbot.
type Chat interface {
	Ask(ctx context.Context, q services.Question) (*services.Reply, error)
	Card(ctx context.Context, slug string) (*models.Card, error)
	Topics(ctx context.Context, slug string) ([]string, error)
}

// ChatIndex tells the editor how far the chatbot's reading of a card has come.
type ChatIndex interface {
	Status(ctx context.Context, cardID int64) (*models.ChatIndex, error)
}

// Drawn is what is drawn once per card version and kept: share images, QR codes, vCards,
// and the media files.
type Drawn interface {
	Get(key services.DrawnKey, draw func() ([]byte, error)) ([]byte, error)
	QRCode(c *models.Card, lang, variant string, content func() (text, title string)) ([]byte, error)
	VCard(ctx context.Context, c *models.Card, o vcard.Options) ([]byte, error)
	Media(ctx context.Context, name string) (*services.StoredFile, error)
}

// AddressBook is the shared contacts a member saves from messages, and the app passwords
// CardDAV clients sign in with.
type AddressBook interface {
	Share(ctx context.Context, m *models.Message, f services.SharedFields) error
	OfMessage(ctx context.Context, actor services.Actor, messageID int64) (*models.SharedContact, error)
	DeleteOfMessage(ctx context.Context, actor services.Actor, messageID int64) error
	Contact(ctx context.Context, memberID, id int64) (*models.SharedContact, error)
	Contacts(ctx context.Context, memberID int64) ([]models.SharedContact, error)
	AppPasswords(ctx context.Context, actor services.Actor) ([]models.AppPassword, error)
	CreateAppPassword(ctx context.Context, actor services.Actor, name string) (string, error)
	RevokeAppPassword(ctx context.Context, actor services.Actor, id int64) error
	AuthenticateApp(ctx context.Context, login, password string) (int64, error)
}
