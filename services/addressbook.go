package services

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-vcard"
	"github.com/uptrace/bun"

	"sitecard/internal/validate"
	"sitecard/models"
)

// AddressBook keeps the contacts visitors shared with their messages, and the app
// passwords their owners' address book programs sign in with.
type AddressBook struct {
	db  bun.IDB
	now func() time.Time
}

// NewAddressBook returns the address book service, reading time from now (nil: the wall
// clock).
func NewAddressBook(db bun.IDB, now func() time.Time) *AddressBook {
	return &AddressBook{db: db, now: orNow(now)}
}

// SharedFields is what a visitor offers below a message: each optional, stored only when
// Consent is ticked, together with the ConsentText they were shown.
type SharedFields struct {
	Phone, Org, Title string
	Consent           bool
	ConsentText       string
}

// The longest shared field values.
const (
	maxSharedPhone = 40
	maxSharedText  = 100
	// MaxContactsListed bounds one address book listing.
	MaxContactsListed = 5000
)

// CheckShared validates the shared fields before the message is sent, so that a refused
// field comes back with the message's form and nothing is stored.
func CheckShared(f SharedFields) error {
	errs := validate.Errors{}
	if !f.Consent {
		return nil
	}
	if utf8.RuneCountInString(f.Phone) > maxSharedPhone || strings.Trim(f.Phone, "+0123456789 -().") != "" {
		errs["share_phone"] = validate.Error{Code: "invalid"}
	}
	for field, v := range map[string]string{"share_org": f.Org, "share_title": f.Title} {
		if utf8.RuneCountInString(v) > maxSharedText {
			errs[field] = validate.Error{Code: "too_long", N: maxSharedText}
		}
	}
	return invalid(errs)
}

// Share stores a visitor's contact with their message, if they consented; otherwise
// nothing. The message has been stored; its owner is the card's.
func (a *AddressBook) Share(ctx context.Context, m *models.Message, f SharedFields) error {
	if !f.Consent || m == nil {
		return nil
	}
	c := &models.SharedContact{MessageID: m.ID, MemberID: m.MemberID, Name: m.Name, Email: m.Email,
		Phone: strings.TrimSpace(f.Phone), Org: strings.TrimSpace(f.Org), Title: strings.TrimSpace(f.Title),
		Consent: f.ConsentText, CreatedAt: a.now().UTC()}
	return models.InsertSharedContact(ctx, a.db, c)
}

// OfMessage returns the contact shared with one of the actor's messages.
func (a *AddressBook) OfMessage(ctx context.Context, actor Actor, messageID int64) (*models.SharedContact, error) {
	c, err := models.SharedContactOfMessage(ctx, a.db, messageID)
	if err != nil {
		return nil, err
	}
	if !actor.owns(c.MemberID) {
		return nil, ErrForbidden
	}
	return c, nil
}

// DeleteOfMessage deletes the contact shared with one of the actor's messages, keeping
// the message: it leaves the inbox's "save contact" and the member's CardDAV book.
func (a *AddressBook) DeleteOfMessage(ctx context.Context, actor Actor, messageID int64) error {
	c, err := a.OfMessage(ctx, actor, messageID)
	if err != nil {
		return err
	}
	return models.DeleteSharedContactOfMessage(ctx, a.db, c.MessageID)
}

// Contacts lists a member's shared contacts, for their address book.
func (a *AddressBook) Contacts(ctx context.Context, memberID int64) ([]models.SharedContact, error) {
	return models.SharedContactsOf(ctx, a.db, memberID, MaxContactsListed)
}

// Contact returns one of a member's shared contacts.
func (a *AddressBook) Contact(ctx context.Context, memberID, id int64) (*models.SharedContact, error) {
	return models.SharedContactOf(ctx, a.db, memberID, id)
}

// ContactCard is a shared contact as a vCard (go-vcard's), version "3.0" or "4.0".
func ContactCard(c *models.SharedContact, version string) vcard.Card {
	card := vcard.Card{}
	card.SetValue(vcard.FieldVersion, "3.0")
	card.SetValue(vcard.FieldUID, "urn:sitecard:contact:"+strconv.FormatInt(c.ID, 10))
	card.SetValue(vcard.FieldFormattedName, c.Name)
	card.SetName(&vcard.Name{FamilyName: c.Name})
	if c.Email != "" {
		card.SetValue(vcard.FieldEmail, c.Email)
	}
	if c.Phone != "" {
		card.SetValue(vcard.FieldTelephone, c.Phone)
	}
	if c.Org != "" {
		card.SetValue(vcard.FieldOrganization, c.Org)
	}
	if c.Title != "" {
		card.SetValue(vcard.FieldTitle, c.Title)
	}
	card.SetValue(vcard.FieldRevision, c.CreatedAt.UTC().Format("20060102T150405Z"))
	if version == "4.0" {
		vcard.ToV4(card)
	}
	return card
}

// ContactVCard encodes a shared contact as a vCard file.
func ContactVCard(c *models.SharedContact, version string) (string, error) {
	var b bytes.Buffer
	if err := vcard.NewEncoder(&b).Encode(ContactCard(c, version)); err != nil {
		return "", err
	}
	return b.String(), nil
}

// AppPasswordPrefix begins every app password, so that one pasted in the wrong place is
// recognised.
const AppPasswordPrefix = "sc-"

// CreateAppPassword makes an app password for the actor and returns it: this is the only
// time it exists outside the client it is given to; the site keeps its SHA-256. It is
// 160 random bits, so a fast hash is enough (a slow one would cost every DAV request).
func (a *AddressBook) CreateAppPassword(ctx context.Context, actor Actor, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", fieldError("name", "required")
	}
	if utf8.RuneCountInString(name) > 60 {
		return "", fieldError("name", "too_long", 60)
	}
	raw := make([]byte, 20)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	plain := AppPasswordPrefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw))
	p := &models.AppPassword{MemberID: actor.ID, Name: name, Hash: hashAppPassword(plain), CreatedAt: a.now().UTC()}
	if err := models.InsertAppPassword(ctx, a.db, p); err != nil {
		return "", err
	}
	return plain, nil
}

func hashAppPassword(p string) string {
	sum := sha256.Sum256([]byte(p))
	return hex.EncodeToString(sum[:])
}

// AppPasswords lists the actor's app passwords (their names and dates, never the password).
func (a *AddressBook) AppPasswords(ctx context.Context, actor Actor) ([]models.AppPassword, error) {
	return models.AppPasswordsOf(ctx, a.db, actor.ID)
}

// RevokeAppPassword revokes one of the actor's app passwords: the next request made
// with it is refused.
// Admins may revoke a member's; nobody else may.
func (a *AddressBook) RevokeAppPassword(ctx context.Context, actor Actor, id int64) error {
	p, err := models.AppPasswordByID(ctx, a.db, id)
	if err != nil {
		return err
	}
	if !actor.owns(&p.MemberID) {
		return ErrForbidden
	}
	return models.RevokeAppPassword(ctx, a.db, p.MemberID, id, a.now().UTC())
}

// ErrBadAppPassword is a sign-in an address book program may not make.
var ErrBadAppPassword = fail(Unauthorized, "error.sign_in", "not a valid app password for this login")

// AuthenticateApp returns the member a login and app password sign in: an enabled member
// and one of their unrevoked app passwords. The account password is not an app password.
func (a *AddressBook) AuthenticateApp(ctx context.Context, login, password string) (int64, error) {
	if !strings.HasPrefix(password, AppPasswordPrefix) {
		return 0, ErrBadAppPassword
	}
	m, err := models.MemberByLogin(ctx, a.db, login)
	if errors.Is(err, models.ErrNotFound) {
		return 0, ErrBadAppPassword
	}
	if err != nil {
		return 0, err
	}
	p, err := models.AppPasswordByHash(ctx, a.db, hashAppPassword(password))
	if errors.Is(err, models.ErrNotFound) || err == nil && p.MemberID != m.ID || m.Disabled {
		return 0, ErrBadAppPassword
	}
	if err != nil {
		return 0, err
	}
	// The last use is written at most once a minute, not on every request of a sync.
	if now := a.now().UTC(); p.LastUsedAt == nil || now.Sub(*p.LastUsedAt) > time.Minute {
		_ = models.TouchAppPassword(ctx, a.db, p.ID, now) // only a date on the account page
	}
	return m.ID, nil
}
