package services

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/uptrace/bun"

	"sitecard/internal/config"
	"sitecard/models"
)

// Single sign-on refusals.
var (
	// ErrSSORefused: the provider's answer did not check out (state, nonce, audience,
	// expiry, signature) or the account is disabled.
	ErrSSORefused = fail(Refused, "sso.refused", "the sign-in was not accepted")
	// ErrSSODomain: a new account whose email domain is not allowed.
	ErrSSODomain = fail(Forbidden, "sso.domain", "that email domain may not sign up")
	// ErrSSOUnavailable: the provider does not answer.
	ErrSSOUnavailable = fail(Unavailable, "sso.unavailable", "the sign-in provider does not answer")
)

// SSOFlow is what a sign-in with the provider keeps between leaving for it and coming
// back: the state (against forged callbacks), the nonce (against replayed ID tokens) and
// the PKCE verifier (against stolen codes).
type SSOFlow struct {
	State, Nonce, Verifier string
}

// SSO signs members in with an OpenID Connect provider (authorization code flow with
// PKCE). A member is the provider's issuer and subject, linked once, never an email
// address alone.
type SSO struct {
	cfg      config.OIDCConfig
	redirect string
	db       bun.IDB
	members  *Members
	client   *http.Client
	now      func() time.Time

	mu       sync.Mutex
	provider *oidc.Provider // discovered on first use: the site starts while the provider is down
}

// SSODeps is what the single sign-on service is made of.
type SSODeps struct {
	Config  config.OIDCConfig
	BaseURL string // the callback is under it
	DB      bun.IDB
	Members *Members
	// Now is the clock the ID tokens' expiry is checked against (nil: the wall clock).
	Now func() time.Time
}

// NewSSO returns the single sign-on service, nil when it is not configured.
func NewSSO(d SSODeps) *SSO {
	if !d.Config.Enabled() {
		return nil
	}
	return &SSO{cfg: d.Config, redirect: strings.TrimRight(d.BaseURL, "/") + "/login/oidc/callback", db: d.DB, members: d.Members,
		client: &http.Client{Timeout: 10 * time.Second}, now: orNow(d.Now)}
}

func (s *SSO) discover(ctx context.Context) (*oidc.Provider, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.provider != nil {
		return s.provider, nil
	}
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, s.client), s.cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSSOUnavailable, err)
	}
	s.provider = p
	return p, nil
}

func (s *SSO) oauth(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: s.cfg.ClientID, ClientSecret: s.cfg.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: s.redirect, Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
}

func random() string {
	b := make([]byte, 24)
	rand.Read(b) //nolint:errcheck // crypto/rand does not fail
	return base64.RawURLEncoding.EncodeToString(b)
}

// SSORate bounds the sign-ins a client address starts: each keeps its flow in a
// session row until the provider sends the browser back.
var SSORate = config.Rate{N: 30, Window: 15 * time.Minute}

// Begin returns the provider's address to send the browser to, and the flow to keep.
// Starts are counted per client address (ErrRateLimited).
func (s *SSO) Begin(ctx context.Context, ip string) (string, SSOFlow, error) {
	lim := s.members.limiter
	if err := lim.Allow(ctx, Limit{"sso", lim.Client(ip), SSORate}); err != nil {
		return "", SSOFlow{}, err
	}
	p, err := s.discover(ctx)
	if err != nil {
		return "", SSOFlow{}, err
	}
	f := SSOFlow{State: random(), Nonce: random(), Verifier: oauth2.GenerateVerifier()}
	return s.oauth(p).AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier)), f, nil
}

// Finish takes the provider's callback (its state and code) for the flow kept, and
// returns the member it signs in: the one linked to the account, or a new member when
// its verified email's domain is allowed. linkTo, when not 0, links the account to that
// (signed-in) member instead.
func (s *SSO) Finish(ctx context.Context, flow SSOFlow, state, code string, linkTo int64) (*models.Member, error) {
	if flow.State == "" || state == "" || state != flow.State || code == "" {
		return nil, ErrSSORefused
	}
	p, err := s.discover(ctx)
	if err != nil {
		return nil, err
	}
	ctx = oidc.ClientContext(ctx, s.client)
	tok, err := s.oauth(p).Exchange(ctx, code, oauth2.VerifierOption(flow.Verifier))
	if err != nil {
		return nil, ErrSSORefused
	}
	raw, _ := tok.Extra("id_token").(string)
	// The verifier checks the signature, the issuer, the audience (our client ID) and
	// the expiry; the nonce is ours to check.
	id, err := p.Verifier(&oidc.Config{ClientID: s.cfg.ClientID, Now: s.now}).Verify(ctx, raw)
	if err != nil || id.Nonce != flow.Nonce {
		return nil, ErrSSORefused
	}
	var claims struct {
		Email    string `json:"email"`
		Verified *bool  `json:"email_verified"`
		Name     string `json:"name"`
		Username string `json:"preferred_username"`
	}
	if err := id.Claims(&claims); err != nil {
		return nil, ErrSSORefused
	}
	link, err := models.IdentityOf(ctx, s.db, id.Issuer, id.Subject)
	switch {
	case err == nil:
		m, err := models.MemberByID(ctx, s.db, link.MemberID)
		if err != nil {
			return nil, err
		}
		if m.Disabled || linkTo != 0 && linkTo != m.ID {
			return nil, ErrSSORefused
		}
		return m, nil
	case !errors.Is(err, models.ErrNotFound):
		return nil, err
	}
	now := s.now().UTC()
	if linkTo != 0 {
		m, err := models.MemberByID(ctx, s.db, linkTo)
		if err != nil {
			return nil, err
		}
		return m, models.InsertIdentity(ctx, s.db, &models.MemberIdentity{MemberID: m.ID, Issuer: id.Issuer, Subject: id.Subject,
			Email: truncate(claims.Email, 254), CreatedAt: now})
	}
	// A new member: only a verified address in an allowed domain. An existing member with
	// the same address is not taken over; they link the account from their own page.
	email := strings.ToLower(claims.Email)
	_, domain, _ := strings.Cut(email, "@")
	if claims.Verified == nil || !*claims.Verified || domain == "" || !slices.Contains(s.cfg.AllowedDomains, domain) {
		return nil, ErrSSODomain
	}
	var m *models.Member
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		login, err := freeLogin(ctx, tx, claims.Username, email)
		if err != nil {
			return err
		}
		name := claims.Name
		if name == "" {
			name = login
		}
		if m, err = s.members.insert(ctx, tx, map[string]string{"login": login, "password": random() + random(),
			"display_name": truncate(name, 100), "email": truncate(email, 254)}, s.cfg.NewMemberRole); err != nil {
			return err
		}
		return models.InsertIdentity(ctx, tx, &models.MemberIdentity{MemberID: m.ID, Issuer: id.Issuer, Subject: id.Subject,
			Email: truncate(email, 254), CreatedAt: now})
	})
	return m, err
}

var loginChars = regexp.MustCompile(`[^a-z0-9._-]+`)

// freeLogin makes a login for a new member from the provider's username or the email's
// local part, with a number after it when it is taken.
func freeLogin(ctx context.Context, db bun.IDB, username, email string) (string, error) {
	base := username
	if base == "" {
		base, _, _ = strings.Cut(email, "@")
	}
	base = strings.Trim(loginChars.ReplaceAllString(NormalizeLogin(base), "-"), "-._")
	if len(base) < 3 {
		base = "member-" + base
	}
	base = truncate(base, 56)
	for i := 1; i < 100; i++ {
		login := base
		if i > 1 {
			login += "-" + strconv.Itoa(i)
		}
		if _, err := models.MemberByLogin(ctx, db, login); errors.Is(err, models.ErrNotFound) {
			return login, nil
		} else if err != nil {
			return "", err
		}
	}
	return "", fmt.Errorf("services: no free login for %q", base)
}
