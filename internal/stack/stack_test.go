package stack_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/config"
	"sitecard/internal/stack"
	"sitecard/internal/testutil"
	"sitecard/models"
	"sitecard/services"
	"sitecard/services/messages"
)

// clock is a fake clock that moves only when told: a cache's lifetime then never runs
// out by itself, so only the listeners can make a change show.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func build(t *testing.T, cfg *config.Config, now func() time.Time) (*stack.Services, *bun.DB) {
	t.Helper()
	db := testutil.DB(t, cfg)
	s, err := stack.Build(context.Background(), stack.Deps{Config: cfg, DB: db, Log: testutil.Logger(), Now: now, FastHashing: true})
	if err != nil {
		t.Fatal(err)
	}
	return s, db
}

func ask(t *testing.T, s *stack.Services, q string) string {
	t.Helper()
	r, err := s.Chat.Ask(context.Background(), services.Question{Text: q, ClientIP: "192.0.2.7", UILang: "en"})
	if err != nil {
		t.Fatalf("%q: %v", q, err)
	}
	return r.Answer
}

// An owner's edit reaches the chatbot's answers as soon as the running indexer has read
// it: the cards tell the indexer (which sweeps only when it starts), and the chatbot
// drops what it cached. The clock stands still, so no cache expires on its own.
func TestAnEditReachesTheChatbotWithoutWaitingOutItsCache(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		clk := &clock{t: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)}
		s, db := build(t, cfg, clk.Now)
		ctx, cancel := context.WithCancel(context.Background())
		card, err := s.Cards.Primary(ctx)
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { defer close(done); s.Indexer.Run(ctx) }()
		t.Cleanup(func() { cancel(); <-done })
		// indexed waits until the card's index is of the card as it is now.
		indexed := func() {
			t.Helper()
			deadline := time.Now().Add(20 * time.Second)
			for {
				c, err := models.CardWithContent(ctx, db, card.ID)
				if err != nil {
					t.Fatal(err)
				}
				if idx, err := models.ChatIndexOf(ctx, db, card.ID); err == nil && idx.Version == models.CardVersion(c.UpdatedAt) {
					return
				}
				if time.Now().After(deadline) {
					t.Fatal("the running indexer did not index the card")
				}
				time.Sleep(20 * time.Millisecond) // polling the indexer, which runs apart
			}
		}
		indexed()
		const q = "What's your email?"
		if a := ask(t, s, q); !strings.Contains(a, "gildong@example.com") {
			t.Fatalf("before the edit: %q", a)
		}
		values := map[string]string{}
		for name, v := range card.ProfileFields() {
			values[name] = *v
		}
		values["email"] = "hong@example.org"
		clk.Advance(time.Second)
		if err := s.Cards.UpdateProfile(ctx, services.Actor{Admin: true}, card.ID, values); err != nil {
			t.Fatal(err)
		}
		indexed()
		if a := ask(t, s, q); !strings.Contains(a, "hong@example.org") {
			t.Errorf("after the edit the chatbot answers %q", a)
		}
	})
}

// gathered is the value of one series of the metrics' registry, and whether it exists.
func gathered(t *testing.T, s *stack.Services, name string, label, value string) (float64, bool) {
	t.Helper()
	families, err := s.Metrics.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			matches := label == ""
			for _, l := range m.GetLabel() {
				matches = matches || l.GetName() == label && l.GetValue() == value
			}
			if !matches {
				continue
			}
			switch {
			case m.Counter != nil:
				return m.Counter.GetValue(), true
			case m.Gauge != nil:
				return m.Gauge.GetValue(), true
			}
		}
	}
	return 0, false
}

// With metrics on, what the services do is counted where the operator scrapes it: the
// chatbot's answers, its cache, the outbox and the KakaoTalk connections, each read from
// the built services. With metrics off there are none, and the services work the same.
func TestMetricsCountWhatTheBuiltServicesDo(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	cfg.MetricsToken = "scrape-me"
	cfg.AdminLogin, cfg.AdminPassword = "admin", "admin-pass-1"
	s, _ := build(t, cfg, nil)
	if s.Metrics == nil {
		t.Fatal("METRICS_TOKEN is set and there are no metrics")
	}
	if err := s.Indexer.IndexStale(context.Background()); err != nil {
		t.Fatal(err)
	}
	ask(t, s, "What's your email?")
	ask(t, s, "What's your phone?")
	if n, _ := gathered(t, s, "sitecard_chat_answers_total", "kind", "quoted"); n != 2 {
		t.Errorf("quoted answers counted: %v, want 2", n)
	}
	if n, _ := gathered(t, s, "sitecard_cache_entries", "cache", "chat"); n != 1 {
		t.Errorf("the chat cache holds %v cards, want the demo card", n)
	}
	if _, ok := gathered(t, s, "sitecard_cache_entries", "cache", "page"); !ok {
		t.Error("no page cache gauge")
	}
	if n, ok := gathered(t, s, "sitecard_kakao_connections", "state", messages.TokenDisconnected); !ok || n != 1 {
		t.Errorf("disconnected KakaoTalk accounts: %v %v, want the admin's", n, ok)
	}
	if n, ok := gathered(t, s, "sitecard_database_up", "", ""); !ok || n != 1 {
		t.Errorf("database up: %v %v", n, ok)
	}

	off := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	quiet, _ := build(t, off, nil)
	if quiet.Metrics != nil || quiet.Counters != nil {
		t.Error("metrics built with neither METRICS_TOKEN nor METRICS_ADDR")
	}
	if err := quiet.Indexer.IndexStale(context.Background()); err != nil {
		t.Fatal(err)
	}
	if a := ask(t, quiet, "What's your email?"); !strings.Contains(a, "gildong@example.com") {
		t.Errorf("without metrics the chatbot answers %q", a)
	}
}

// The clock a build is given is the one every service records by: the audit trail, the
// job runs and the cards.
func TestEveryServiceKeepsTheClockItWasBuiltWith(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		at := time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC)
		s, _ := build(t, cfg, func() time.Time { return at })
		ctx := context.Background()
		m, err := s.Members.Setup(ctx, map[string]string{"login": "alice", "password": "alice-pass-1"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Audit.Record(ctx, services.AuditEntry{Action: services.AuditBackup, Actor: m.ID}); err != nil {
			t.Fatal(err)
		}
		page, err := s.Audit.List(ctx, services.Actor{Admin: true}, 1, 10)
		if err != nil || len(page.Events) == 0 || !page.Events[0].At.Equal(at) {
			t.Errorf("audit entry: %+v %v, want one at %s", page, err, at)
		}
		if err := s.Jobs.Record(ctx, "a-job", "every minute", nil, nil); err != nil {
			t.Fatal(err)
		}
		if run, err := s.Jobs.Get(ctx, "a-job"); err != nil || run.LastRunAt == nil || !run.LastRunAt.Equal(at) {
			t.Errorf("job run: %+v %v, want at %s", run, err, at)
		}
		card, err := s.Cards.Create(ctx, services.Actor{ID: m.ID}, map[string]string{"slug": "alice", "name_ko": "앨리스"})
		if err != nil {
			t.Fatal(err)
		}
		if stored, err := s.Cards.Editable(ctx, services.Actor{ID: m.ID}, card.ID); err != nil || !stored.CreatedAt.Equal(at) {
			t.Errorf("card: %v %v, want made at %s", stored, err, at)
		}
	})
}
