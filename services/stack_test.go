package services_test

import (
	"context"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/chat"
	"sitecard/internal/config"
	"sitecard/internal/i18n"
	"sitecard/internal/kakao/kakaofake"
	"sitecard/internal/mailer"
	"sitecard/internal/pdftext"
	"sitecard/internal/testutil"
	"sitecard/services"
)

// stack is the services of one sitecard instance, built directly on a migrated database:
// no HTTP and no scheduler. A second stack on the same cfg is a second instance.
type stack struct {
	DB      *bun.DB
	Cards   *services.Cards
	Uploads *services.Uploads
	Members *services.Members
	Limiter *services.Limiter
	Chat    *services.Chat
	Indexer *services.ChatIndexer
}

// stackOptions are what tests vary: the clock, the HTTP client that talks to Kakao, and
// where the log goes.
type stackOptions struct {
	clock     func() time.Time
	kakaoHTTP *http.Client
	log       *slog.Logger
	pdf       pdftext.Limits // zero: the site's defaults
	mailer    *mailer.Sender // nil: SMTP_URL's, if any
}

// newStack builds the services on cfg's database, seeding the demo card (and the admin of
// ADMIN_LOGIN, if set) as a start-up would.
func newStack(t testing.TB, cfg *config.Config, opt stackOptions) *stack {
	t.Helper()
	if opt.clock == nil {
		opt.clock = time.Now
	}
	ctx := context.Background()
	catalog, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	log := opt.log
	if log == nil {
		log = testutil.Logger()
	}
	db := testutil.DB(t, cfg)
	if opt.pdf == (pdftext.Limits{}) {
		opt.pdf = pdftext.DefaultLimits()
	}
	readPDF := services.NewPDFReader(opt.pdf, 2)
	s := &stack{DB: db, Cards: services.NewCards(db, nil, readPDF), Uploads: services.NewUploads(db, cfg.MediaDir()),
		Limiter: services.NewLimiter(db).WithClock(opt.clock)}
	s.Members = services.NewMembers(db, s.Limiter).WithFastHashing().WithClock(opt.clock)
	if _, err := s.Cards.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Members.Bootstrap(ctx, cfg.AdminLogin, cfg.AdminPassword); err != nil {
		t.Fatal(err)
	}
	c := cfg.Chat
	m, err := chat.Open(chat.Providers{OpenAIKey: c.OpenAIKey, OpenAIBaseURL: c.OpenAIBaseURL, OpenAIModel: c.OpenAIModel,
		OpenAIEmbeddingModel: c.OpenAIEmbeddingModel, OllamaHost: c.OllamaHost, OllamaModel: c.OllamaModel,
		OllamaEmbeddingModel: c.OllamaEmbeddingModel})
	if err != nil {
		t.Fatal(err)
	}
	s.Indexer = services.NewChatIndexer(db, s.Uploads, readPDF, m, log)
	if s.Chat, err = services.NewChat(db, m, catalog, s.Limiter, c.RatePerIP, c.Timeout, log); err != nil {
		t.Fatal(err)
	}
	s.Cards.OnChange(s.Indexer.Enqueue)
	s.Cards.OnChange(s.Chat.Forget)
	s.Indexer.OnIndexed(s.Chat.Forget)
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
func (s *site) instance(t *testing.T, cfg *config.Config) *stack {
	t.Helper()
	return newStack(t, cfg, stackOptions{clock: s.clock.Now})
}
