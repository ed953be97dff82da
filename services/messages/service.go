package messages

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/mail"
	"sitecard/internal/ttlmap"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/config"
	"sitecard/internal/i18n"
	"sitecard/internal/kakao"
	"sitecard/internal/mailer"
	"sitecard/internal/webhook"
	"sitecard/models"
	"sitecard/services"
)

// Counter is told each delivery attempt's channel and outcome (the metrics count them).
type Counter interface {
	Delivered(channel, outcome string)
}

// Deps is everything the messages service is made of. Nothing is set after New.
type Deps struct {
	DB      bun.IDB
	Clock   func() time.Time // nil: time.Now
	Log     *slog.Logger     // nil: slog.Default()
	Catalog *i18n.Catalog
	// SecretKey seals the Kakao tokens and the webhook secrets, and signs the contact
	// form's time stamps.
	SecretKey []byte
	// BaseURL is where the site is reached: the links in memos and mails.
	BaseURL string

	// Kakao is the Kakao API client (configured or not).
	Kakao *kakao.Client
	// RefreshAhead is how long before expiry an access token is refreshed.
	RefreshAhead time.Duration
	// Lock extends the one-refresh-per-member rule to every instance (database.Lock on
	// MariaDB); nil: this instance only.
	Lock func(ctx context.Context, name string) (func(), error)

	// Mailer is the mail relay; nil: email is off. From is the mails' sender.
	Mailer *mailer.Sender
	From   *mail.Address

	// WebhookAllowPrivate lets webhooks post to private and plain-HTTP addresses; Self is
	// where this site listens (no webhook may post there).
	WebhookAllowPrivate bool
	Self                webhook.Self

	// Limiter bounds the contact form and the channel tests.
	Limiter *services.Limiter
	// ContactPerIP and ContactPerCard are the contact limits.
	ContactPerIP, ContactPerCard config.Rate

	// ClaimTimeout is when a "sending" claim is taken to have died with its worker
	// (OUTBOX_CLAIM_TIMEOUT); zero: 2 minutes.
	ClaimTimeout time.Duration
	// Metrics is told each attempt's outcome; nil: nobody.
	Metrics Counter

	// Jobs keeps the refresh job's runs; RefreshJob names it and RefreshInterval is how
	// often it runs. Without Jobs there is no refresh job.
	Jobs            *services.Jobs
	RefreshJob      string
	RefreshInterval time.Duration

	// Extra channels go after the built-in ones (a test's fake; a channel of one's own).
	Extra []Channel
}

// Service is message delivery, whole: the intake that takes visitors' messages, the
// outbox and its worker, the owner's inbox, their channel settings and their KakaoTalk
// account.
type Service struct {
	Intake   *Intake
	Inbox    *Inbox
	Settings *Settings
	Account  *Account
	Worker   *Worker
	// RefreshJob is the kakao-token-refresh job; nil without Deps.Jobs.
	RefreshJob *RefreshJob
}

// env is what the parts of the package share.
type env struct {
	db      bun.IDB
	now     func() time.Time
	log     *slog.Logger
	catalog *i18n.Catalog
	secret  []byte
	baseURL string
	host    string // BaseURL's host, for Message-IDs
	d       Deps

	account *Account
	mails   *mailTemplates
	hooks   *webhook.Client
	// routes remembers for a second where each member's messages go: a burst of
	// messages costs one look at the settings, and a change on another instance counts
	// within the second (a change here, at once).
	routes *ttlmap.Map[int64, routes]
}

// New builds the messages service.
func New(d Deps) (*Service, error) {
	if d.DB == nil || d.Kakao == nil || d.Catalog == nil || d.Limiter == nil || len(d.SecretKey) == 0 {
		return nil, errors.New("messages: New needs DB, Kakao, Catalog, Limiter and SecretKey")
	}
	if d.Clock == nil {
		d.Clock = time.Now
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.ClaimTimeout <= 0 {
		d.ClaimTimeout = 2 * time.Minute
	}
	mails, err := loadMailTemplates(d.Catalog)
	if err != nil {
		return nil, err
	}
	e := &env{db: d.DB, now: d.Clock, log: d.Log, catalog: d.Catalog, secret: d.SecretKey, baseURL: d.BaseURL,
		host: hostOf(d.BaseURL), d: d, mails: mails, hooks: webhook.NewClient(d.WebhookAllowPrivate, d.Self),
		routes: ttlmap.New[int64, routes](memoryTTL)}
	e.account = newAccount(e)
	reg, err := newRegistry(append(builtin(e), d.Extra...))
	if err != nil {
		return nil, err
	}
	b := make([]byte, 6)
	rand.Read(b) //nolint:errcheck // crypto/rand does not fail
	o := &outbox{env: e, reg: reg, worker: hex.EncodeToString(b), wake: make(chan struct{}, 1), lanes: newLanes(reg),
		commits: &committer{db: d.DB}, reaches: ttlmap.New[int64, memberReach](memoryTTL), metrics: d.Metrics}
	// The loops that close inside the package: a connected account releases the
	// messages that waited for KakaoTalk, a channel turned on replans those that waited
	// for one.
	e.account.outbox = o
	s := &Service{
		Intake:   &Intake{env: e, outbox: o, cards: ttlmap.New[string, *models.Card](memoryTTL)},
		Inbox:    &Inbox{env: e, outbox: o},
		Settings: &Settings{env: e, outbox: o, reg: reg},
		Account:  e.account,
		Worker:   &Worker{outbox: o},
	}
	if d.Jobs != nil {
		s.RefreshJob = newRefreshJob(e, d.RefreshJob, d.RefreshInterval, d.Jobs)
	}
	return s, nil
}

// hostOf is a base URL's host without port.
func hostOf(base string) string {
	h := base
	if i := strings.Index(h, "://"); i >= 0 {
		h = h[i+3:]
	}
	h, _, _ = strings.Cut(h, "/")
	h, _, _ = strings.Cut(h, ":")
	return h
}
