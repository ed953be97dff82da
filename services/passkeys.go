package services

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/uptrace/bun"

	"sitecard/internal/config"
	"sitecard/models"
)

// ErrPasskeyRefused means a passkey ceremony did not check out: a stale or foreign
// challenge, an unknown credential, a bad signature.
var ErrPasskeyRefused = fail(Invalid, "passkey.refused", "the passkey was not accepted")

// PasskeyRate bounds the passkey sign-ins a client address starts: each holds a
// challenge in a session row until it is finished.
var PasskeyRate = config.Rate{N: 30, Window: 15 * time.Minute}

// Passkeys registers members' passkeys (WebAuthn, discoverable credentials) and signs
// members in with them. The relying party is BASE_URL's host.
type Passkeys struct {
	db      bun.IDB
	wa      *webauthn.WebAuthn
	limiter *Limiter
	now     func() time.Time
}

// NewPasskeys returns the passkey service for the site at base, reading time from now
// (nil: the wall clock), or nil when base's host is an IP address, which WebAuthn does
// not take as a relying party.
func NewPasskeys(db bun.IDB, base *url.URL, limiter *Limiter, now func() time.Time) (*Passkeys, error) {
	if net.ParseIP(base.Hostname()) != nil {
		return nil, nil
	}
	origin := base.Scheme + "://" + base.Host
	wa, err := webauthn.New(&webauthn.Config{RPID: base.Hostname(), RPDisplayName: "sitecard", RPOrigins: []string{origin},
		Timeouts: webauthn.TimeoutsConfig{
			Login:        webauthn.TimeoutConfig{Enforce: true, Timeout: 5 * time.Minute},
			Registration: webauthn.TimeoutConfig{Enforce: true, Timeout: 5 * time.Minute},
		}})
	if err != nil {
		return nil, fmt.Errorf("BASE_URL: passkeys: %w", err)
	}
	return &Passkeys{db: db, wa: wa, limiter: limiter, now: orNow(now)}, nil
}

// passkeyUser is a member as WebAuthn sees them.
type passkeyUser struct {
	m     *models.Member
	creds []webauthn.Credential
	rows  []models.Passkey
}

func userHandle(id int64) []byte { return []byte("m" + strconv.FormatInt(id, 10)) }

func (u *passkeyUser) WebAuthnID() []byte   { return userHandle(u.m.ID) }
func (u *passkeyUser) WebAuthnName() string { return u.m.Login }
func (u *passkeyUser) WebAuthnDisplayName() string {
	if u.m.DisplayName != "" {
		return u.m.DisplayName
	}
	return u.m.Login
}
func (u *passkeyUser) WebAuthnCredentials() []webauthn.Credential { return u.creds }

func (p *Passkeys) user(ctx context.Context, m *models.Member) (*passkeyUser, error) {
	rows, err := models.PasskeysOf(ctx, p.db, m.ID)
	if err != nil {
		return nil, err
	}
	u := &passkeyUser{m: m, rows: rows}
	for _, r := range rows {
		var c webauthn.Credential
		if err := json.Unmarshal([]byte(r.Credential), &c); err != nil {
			return nil, fmt.Errorf("services: passkey %d: %w", r.ID, err)
		}
		u.creds = append(u.creds, c)
	}
	return u, nil
}

func credentialHash(id []byte) string {
	h := sha256.Sum256(id)
	return hex.EncodeToString(h[:])
}

// Ceremony is what a browser needs to start a WebAuthn ceremony (Options, as JSON for
// navigator.credentials) and what the server keeps until it ends (State).
type Ceremony struct {
	Options []byte
	State   []byte
}

// BeginRegistration starts adding a passkey to the member's account: a discoverable
// credential, so that it signs in without a login, and none they already have.
func (p *Passkeys) BeginRegistration(ctx context.Context, m *models.Member) (*Ceremony, error) {
	u, err := p.user(ctx, m)
	if err != nil {
		return nil, err
	}
	var exclude []protocol.CredentialDescriptor
	for _, c := range u.creds {
		exclude = append(exclude, c.Descriptor())
	}
	creation, session, err := p.wa.BeginRegistration(u, webauthn.WithResidentKeyRequirement(protocol.ResidentKeyRequirementRequired),
		webauthn.WithExclusions(exclude))
	if err != nil {
		return nil, fmt.Errorf("services: passkey registration: %w", err)
	}
	return ceremony(creation, session)
}

func ceremony(options any, session *webauthn.SessionData) (*Ceremony, error) {
	o, err := json.Marshal(options)
	if err != nil {
		return nil, err
	}
	s, err := json.Marshal(session)
	if err != nil {
		return nil, err
	}
	return &Ceremony{Options: o, State: s}, nil
}

// FinishRegistration checks the browser's answer and stores the passkey under name.
func (p *Passkeys) FinishRegistration(ctx context.Context, m *models.Member, state, response []byte, name string) error {
	var session webauthn.SessionData
	if len(state) == 0 || json.Unmarshal(state, &session) != nil {
		return ErrPasskeyRefused
	}
	parsed, err := protocol.ParseCredentialCreationResponseBody(bytes.NewReader(response))
	if err != nil {
		return ErrPasskeyRefused
	}
	u, err := p.user(ctx, m)
	if err != nil {
		return err
	}
	cred, err := p.wa.CreateCredential(u, session, parsed)
	if err != nil {
		return ErrPasskeyRefused
	}
	raw, err := json.Marshal(cred)
	if err != nil {
		return err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		name = "passkey " + strconv.Itoa(len(u.rows)+1)
	}
	return models.InsertPasskey(ctx, p.db, &models.Passkey{MemberID: m.ID, Name: truncate(name, 60),
		CredentialHash: credentialHash(cred.ID), Credential: string(raw), CreatedAt: p.now().UTC()})
}

// BeginLogin starts a sign-in with whichever passkey of this site the browser offers.
func (p *Passkeys) BeginLogin(ctx context.Context, ip string) (*Ceremony, error) {
	if err := p.limiter.Allow(ctx, Limit{"passkey", p.limiter.Client(ip), PasskeyRate}); err != nil {
		return nil, err
	}
	assertion, session, err := p.wa.BeginDiscoverableLogin(webauthn.WithUserVerification(protocol.VerificationPreferred))
	if err != nil {
		return nil, fmt.Errorf("services: passkey login: %w", err)
	}
	return ceremony(assertion, session)
}

// FinishLogin checks the browser's answer and returns the member the passkey is of.
func (p *Passkeys) FinishLogin(ctx context.Context, state, response []byte) (*models.Member, error) {
	var session webauthn.SessionData
	if len(state) == 0 || json.Unmarshal(state, &session) != nil {
		return nil, ErrPasskeyRefused
	}
	parsed, err := protocol.ParseCredentialRequestResponseBody(bytes.NewReader(response))
	if err != nil {
		return nil, ErrPasskeyRefused
	}
	var found *passkeyUser
	handler := func(rawID, handle []byte) (webauthn.User, error) {
		row, err := models.PasskeyByHash(ctx, p.db, credentialHash(rawID))
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(handle, userHandle(row.MemberID)) {
			return nil, ErrPasskeyRefused
		}
		m, err := models.MemberByID(ctx, p.db, row.MemberID)
		if err != nil {
			return nil, err
		}
		found, err = p.user(ctx, m)
		return found, err
	}
	_, cred, err := p.wa.ValidatePasskeyLogin(handler, session, parsed)
	if err != nil || found == nil {
		return nil, ErrPasskeyRefused
	}
	if found.m.Disabled {
		return nil, ErrPasskeyRefused
	}
	raw, err := json.Marshal(cred)
	if err != nil {
		return nil, err
	}
	for _, r := range found.rows {
		if r.CredentialHash == credentialHash(cred.ID) {
			if err := models.UsePasskey(ctx, p.db, r.ID, string(raw), p.now().UTC()); err != nil {
				return nil, err
			}
		}
	}
	return found.m, nil
}

// List returns the member's passkeys.
func (p *Passkeys) List(ctx context.Context, memberID int64) ([]models.Passkey, error) {
	if p == nil {
		return nil, nil
	}
	return models.PasskeysOf(ctx, p.db, memberID)
}

// Has reports whether the member has a passkey.
func (p *Passkeys) Has(ctx context.Context, memberID int64) (bool, error) {
	if p == nil {
		return false, nil
	}
	n, err := models.CountPasskeys(ctx, p.db, memberID)
	return n > 0, err
}

// Remove deletes one of the member's passkeys; another member's is not found.
func (p *Passkeys) Remove(ctx context.Context, memberID, id int64) error {
	ok, err := models.DeletePasskey(ctx, p.db, memberID, id)
	if err == nil && !ok {
		err = models.ErrNotFound
	}
	return err
}
