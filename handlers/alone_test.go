package handlers_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"sitecard/handlers"
	"sitecard/internal/config"
	"sitecard/internal/i18n"
	"sitecard/internal/pagecache"
	"sitecard/internal/server"
	"sitecard/internal/stack"
	"sitecard/internal/testutil"
	"sitecard/internal/validate"
	"sitecard/models"
	"sitecard/services"
)

// alone builds the handlers on the services d gives and nothing else: no database, no
// scheduler, no migrations, none of the other services. It is for tests of what a handler
// itself does with what its service answers (statuses, messages, forms, htmx or not),
// where a fake service can say what a real one only says when something breaks. A
// service d leaves out is nil: a route that reaches it panics into a 500, which the
// test client reports.
//
// It returns a server.Server with only App, Config and Cache set: what the test clients
// (newClient, do, postJSON) and the page cache's tests use.
func alone(t *testing.T, d handlers.Deps) *server.Server {
	t.Helper()
	return aloneWith(t, d, nil)
}

// aloneWith is alone on a configuration configure changes first (BASE_URL, say).
func aloneWith(t *testing.T, d handlers.Deps, configure func(*config.Config)) *server.Server {
	t.Helper()
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/unused.db") // never opened
	if configure != nil {
		configure(cfg)
	}
	catalog, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	d.Config, d.Catalog, d.Logger = cfg, catalog, testutil.Logger()
	if d.Sessions == nil {
		d.Sessions = &memoryStorage{m: map[string]memoryEntry{}}
	}
	d.Cache = pagecache.New(64, 1<<20)
	fillAbsent(&d)
	app, err := handlers.New(d)
	if err != nil {
		t.Fatal(err)
	}
	return &server.Server{App: app, Config: cfg, Services: &stack.Services{Cache: d.Cache}}
}

// The services a test leaves out: each is there (routes take its methods when they are
// built) and panics if a request reaches it. SSO and passkeys stay nil, which the
// handlers read as "turned off".
type (
	noCards        struct{ handlers.Cards }
	noMembers      struct{ handlers.Members }
	noSignins      struct{ handlers.Signins }
	noSecondFactor struct{ handlers.SecondFactor }
	noAudit        struct{ handlers.Audit }
	noViews        struct{ handlers.Views }
	noUploads      struct{ handlers.Uploads }
	noBackups      struct{ handlers.Backups }
	noChat         struct{ handlers.Chat }
	noChatIndex    struct{ handlers.ChatIndex }
	noDrawn        struct{ handlers.Drawn }
	noIntake       struct{ handlers.Intake }
	noInbox        struct{ handlers.Inbox }
	noChannels     struct{ handlers.ChannelSettings }
	noAccount      struct{ handlers.KakaoAccount }
	noRefresh      struct{ handlers.RefreshStatus }
)

func fillAbsent(d *handlers.Deps) {
	if d.Cards == nil {
		d.Cards = noCards{}
	}
	if d.Members == nil {
		d.Members = noMembers{}
	}
	if d.Signins == nil {
		d.Signins = noSignins{}
	}
	if d.Factor == nil {
		d.Factor = noSecondFactor{}
	}
	if d.Audit == nil {
		d.Audit = noAudit{}
	}
	if d.Views == nil {
		d.Views = noViews{}
	}
	if d.Uploads == nil {
		d.Uploads = noUploads{}
	}
	if d.Backups == nil {
		d.Backups = noBackups{}
	}
	if d.Chat == nil {
		d.Chat = noChat{}
	}
	if d.Indexer == nil {
		d.Indexer = noChatIndex{}
	}
	if d.Drawn == nil {
		d.Drawn = noDrawn{}
	}
	if d.Intake == nil {
		d.Intake = noIntake{}
	}
	if d.Inbox == nil {
		d.Inbox = noInbox{}
	}
	if d.Channels == nil {
		d.Channels = noChannels{}
	}
	if d.Account == nil {
		d.Account = noAccount{}
	}
	if d.RefreshJob == nil {
		d.RefreshJob = noRefresh{}
	}
}

// catalogText is key's text in lang, as the pages say it.
func catalogText(t *testing.T, lang, key string) string {
	t.Helper()
	catalog, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	if !catalog.Has(key) {
		t.Fatalf("no message %q", key)
	}
	return catalog.T(lang, key)
}

// memoryStorage is a fiber.Storage in a map: the sessions of a site without a database.
type memoryStorage struct {
	mu sync.Mutex
	m  map[string]memoryEntry
}

type memoryEntry struct {
	value   []byte
	expires time.Time
}

func (s *memoryStorage) Get(key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.m[key]
	if !ok || !e.expires.IsZero() && time.Now().After(e.expires) {
		return nil, nil
	}
	return append([]byte(nil), e.value...), nil
}

func (s *memoryStorage) Set(key string, val []byte, exp time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := memoryEntry{value: append([]byte(nil), val...)}
	if exp > 0 {
		e.expires = time.Now().Add(exp)
	}
	s.m[key] = e
	return nil
}

func (s *memoryStorage) Delete(key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, key)
	return nil
}

func (s *memoryStorage) Reset() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m = map[string]memoryEntry{}
	return nil
}

func (s *memoryStorage) Close() error { return nil }

// ctxErr is a request that ran out of time waiting on the database, as a driver says it.
type ctxErr struct{}

func (ctxErr) Error() string { return "read tcp 127.0.0.1:3306: i/o timeout" }
func (ctxErr) Unwrap() error { return context.DeadlineExceeded }

// fakeCards is the published cards as the public pages read them: by slug (normalised as
// services.Cards.BySlug does, with validate.CardSlug) and the primary one. Editing
// methods are left out: a route that reaches one panics into a 500.
type fakeCards struct {
	handlers.Cards
	published []*models.Card
}

func (f *fakeCards) BySlug(_ context.Context, slug string) (*models.Card, error) {
	slug, ok := validate.CardSlug(slug)
	for _, c := range f.published {
		if ok && c.Slug == slug {
			return c, nil
		}
	}
	return nil, models.ErrNotFound
}

func (f *fakeCards) Primary(context.Context) (*models.Card, error) {
	for _, c := range f.published {
		if c.IsPrimary {
			return c, nil
		}
	}
	return nil, models.ErrNotFound
}

// publicCards is a site's two published cards: the demo card a new site seeds (primary,
// with its content) and alice's.
func publicCards() *fakeCards {
	demo := services.DemoCard(time.Now().UTC().Truncate(time.Second))
	demo.ID = 1
	return &fakeCards{published: []*models.Card{demo, {ID: 2, Slug: "alice", Published: true, NameKo: "앨리스", UpdatedAt: demo.UpdatedAt}}}
}

// publicSite is the handlers alone with the published cards, serving their pages.
func publicSite(t *testing.T) *server.Server {
	t.Helper()
	return alone(t, handlers.Deps{Cards: publicCards(), Views: quietViews{}, Drawn: services.NewDrawn(nil, 64, 1<<20)})
}

func (f *fakeCards) Published(_ context.Context, offset, limit int) ([]models.Card, error) {
	var out []models.Card
	for i, c := range f.published {
		if i >= offset && len(out) < limit {
			out = append(out, *c)
		}
	}
	return out, nil
}

func (f *fakeCards) CountPublished(context.Context) (int, error) { return len(f.published), nil }

// Version changes with any card's UpdatedAt, as the real one does with any edit.
func (f *fakeCards) Version(context.Context) (string, error) {
	v := ""
	for _, c := range f.published {
		v += models.CardVersion(c.UpdatedAt)
	}
	return v, nil
}

// quietViews counts nothing: the visits a page records are not what these tests look at.
type quietViews struct{ handlers.Views }

func (quietViews) Record(int64, string)                     {}
func (quietViews) RecordSource(int64, string, string)       {}
func (quietViews) RecordClick(int64, string, int64, string) {}
func (quietViews) RecordClickSource(int64, string, string)  {}
