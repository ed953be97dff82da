package services_test

import (
	"context"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/budget"
	"sitecard/internal/config"
	"sitecard/internal/kakao/kakaofake"
	"sitecard/internal/mailer"
	"sitecard/internal/pdftext"
	sitestack "sitecard/internal/stack"
	"sitecard/internal/testutil"
	"sitecard/services"
)

// stack is the services of one sitecard instance, built by internal/stack on a migrated
// database, as the server builds them: no HTTP and no scheduler. A second stack on the
// same cfg is a second instance.
type stack struct {
	*sitestack.Services
	DB *bun.DB
}

// stackOptions are what tests vary: the clock, the HTTP client that talks to Kakao, and
// where the log goes.
type stackOptions struct {
	clock     func() time.Time
	kakaoHTTP *http.Client
	log       *slog.Logger
	pdf       pdftext.Limits // zero: the site's defaults
	mailer    *mailer.Sender // nil: SMTP_URL's, if any
	// budget and photoWait bound the photos decoded at once (nil, zero: the site's).
	budget    *budget.Budget
	photoWait time.Duration
}

// newStack builds the services on cfg's database, seeding the demo card (and the admin of
// ADMIN_LOGIN, if set) as a start-up would.
func newStack(t testing.TB, cfg *config.Config, opt stackOptions) *stack {
	t.Helper()
	log := opt.log
	if log == nil {
		log = testutil.Logger()
	}
	db := testutil.DB(t, cfg)
	s, err := sitestack.Build(context.Background(), sitestack.Deps{Config: cfg, DB: db, Log: log, Now: opt.clock,
		FastHashing: true, Mailer: opt.mailer, KakaoHTTP: opt.kakaoHTTP, PDF: opt.pdf, PDFReaders: 2,
		Budget: opt.budget, PhotoWait: opt.photoWait})
	if err != nil {
		t.Fatal(err)
	}
	return &stack{Services: s, DB: db}
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
