package messages_test

import (
	"context"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/config"
	"sitecard/internal/kakao/kakaofake"
	"sitecard/internal/mailer"
	sitestack "sitecard/internal/stack"
	"sitecard/internal/testutil"
	"sitecard/models"
	"sitecard/services"
	"sitecard/services/messages"
)

// stack is one sitecard instance's message delivery, built directly on a migrated
// database with the services it needs: no HTTP and no scheduler. A second stack on the
// same cfg is a second instance.
type stack struct {
	DB       *bun.DB
	Cards    *services.Cards
	Members  *services.Members
	Limiter  *services.Limiter
	Messages *messages.Service
	// The parts of Messages, by the names the tests use.
	Tokens   *messages.Account
	Channels *messages.Settings
	Contacts *messages.Intake
	Inbox    *messages.Inbox
	Outbox   *messages.Worker
}

// stackOptions are what tests vary: the clock, the HTTP client that talks to Kakao, where
// the log goes, the mail relay and the channels added to the built-in ones.
type stackOptions struct {
	clock     func() time.Time
	kakaoHTTP *http.Client
	log       *slog.Logger
	mailer    *mailer.Sender // nil: SMTP_URL's, if any
	extra     []messages.Channel
	metrics   messages.Counter
	// limits are the contact limits per address and per card (nil: none; the fake
	// Kakao turns cfg's off).
	limits []config.Rate
}

// newStack builds the services on cfg's database, seeding the demo card (and the admin of
// ADMIN_LOGIN, if set) as a start-up would.
func newStack(t testing.TB, cfg *config.Config, opt stackOptions) *stack {
	t.Helper()
	if opt.clock == nil {
		opt.clock = time.Now
	}
	log := opt.log
	if log == nil {
		log = testutil.Logger()
	}
	db := testutil.DB(t, cfg)
	// The one builder the server uses (internal/stack), with the test's channels and
	// counter beside the built-in ones.
	built, err := sitestack.Build(context.Background(), sitestack.Deps{Config: cfg, DB: db, Log: log, Now: opt.clock,
		FastHashing: true, Mailer: opt.mailer, KakaoHTTP: opt.kakaoHTTP, Channels: opt.extra, Counter: opt.metrics})
	if err != nil {
		t.Fatal(err)
	}
	s := &stack{DB: db, Cards: built.Cards, Members: built.Members, Limiter: built.Limiter, Messages: built.Messages}
	m := s.Messages
	s.Tokens, s.Channels, s.Contacts, s.Inbox, s.Outbox = m.Account, m.Settings, m.Intake, m.Inbox, m.Worker
	return s
}

// site is one instance whose Kakao is the fake: alice owns a published card and, once
// connect is called, a working KakaoTalk connection.
type site struct {
	srv    *stack
	fake   *kakaofake.Fake
	clock  *testutil.Clock
	alice  int64
	cardID int64
}

func newSite(t *testing.T, cfg *config.Config, opt stackOptions) *site {
	t.Helper()
	clk := &testutil.Clock{}
	fake := testutil.FakeKakao(t, cfg, clk)
	if opt.limits != nil {
		cfg.ContactPerIP, cfg.ContactPerCard = opt.limits[0], opt.limits[1]
	}
	opt.clock = clk.Now
	srv := newStack(t, cfg, opt)
	ctx := context.Background()
	m, err := srv.Members.Setup(ctx, map[string]string{"login": "alice", "password": "alice-pass-1"})
	if err != nil {
		t.Fatal(err)
	}
	alice := services.Actor{ID: m.ID}
	card, err := srv.Cards.Create(ctx, alice, map[string]string{"slug": "alice", "name_ko": "앨리스"})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Cards.UpdateSettings(ctx, alice, card.ID, map[string]string{"slug": "alice", "published": "on"}); err != nil {
		t.Fatal(err)
	}
	return &site{srv: srv, fake: fake, clock: clk, alice: m.ID, cardID: card.ID}
}

// instance is another instance of the same site, on the same database and clock.
func (s *site) instance(t *testing.T, cfg *config.Config, opts ...stackOptions) *stack {
	t.Helper()
	var opt stackOptions
	if len(opts) > 0 {
		opt = opts[0]
	}
	opt.clock = s.clock.Now
	return newStack(t, cfg, opt)
}

// connect runs the OAuth dance for alice: consent at the fake, then the code exchange.
func (s *site) connect(t *testing.T) {
	t.Helper()
	u, err := s.srv.Tokens.AuthorizeURL("st")
	if err != nil {
		t.Fatal(err)
	}
	back := testutil.Authorize(t, u)
	if err := s.srv.Tokens.Connect(context.Background(), s.alice, back.Query().Get("code")); err != nil {
		t.Fatalf("connect: %v", err)
	}
}

// send is a visitor's message to alice's card, as the contact form or API submits it.
func (s *site) send(t *testing.T, text string) int64 {
	t.Helper()
	m, err := s.srv.Contacts.Submit(context.Background(), messages.Contact{Card: "alice", Name: "방문자",
		Email: "v@example.com", Message: text, ClientIP: "192.0.2.1"})
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	return m.ID
}

func (s *site) deliver(t *testing.T) {
	t.Helper()
	if _, err := s.srv.Outbox.DeliverDue(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func (s *site) message(t *testing.T, id int64) *models.Message {
	t.Helper()
	m, err := models.MessageByID(context.Background(), s.srv.DB, id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
