package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"sitecard/handlers"
	"sitecard/models"
	"sitecard/services"
	"sitecard/services/messages"
)

// Fakes of the services sign-in needs, for tests of the dashboard's handlers on their
// own: members with their passwords, the record of signed-in browsers, no second factor
// and an audit trail that keeps what it is told.

// fakeMembers is the accounts as sign-in reads them: by login with a password, by ID.
// Everything else a route asks of them panics into a 500 unless the test adds it.
type fakeMembers struct {
	handlers.Members
	mu        sync.Mutex
	members   []*models.Member
	passwords map[string]string // login → password
	profiles  []map[string]string
}

// aloneMembers is an admin and two members, alice (2) and bob (3), with the passwords
// the full-stack fixture gives them.
func aloneMembers() *fakeMembers {
	return &fakeMembers{
		members: []*models.Member{
			{ID: 1, Login: "admin", DisplayName: "Admin", Role: models.RoleAdmin},
			{ID: 2, Login: "alice", DisplayName: "Alice", Email: "alice@example.com", Role: models.RoleMember},
			{ID: 3, Login: "bob", DisplayName: "Bob", Role: models.RoleMember},
		},
		passwords: map[string]string{"admin": adminPassword, "alice": "alice-pass-1", "bob": "bob-pass-1"},
	}
}

func (f *fakeMembers) Authenticate(_ context.Context, login, password, _ string) (*models.Member, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	login = services.NormalizeLogin(login)
	for _, m := range f.members {
		if m.Login == login && !m.Disabled && f.passwords[login] == password {
			return m, nil
		}
	}
	return nil, services.ErrBadCredentials
}

func (f *fakeMembers) Get(_ context.Context, id int64) (*models.Member, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, m := range f.members {
		if m.ID == id {
			return m, nil
		}
	}
	return nil, models.ErrNotFound
}

func (f *fakeMembers) Count(context.Context) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.members), nil
}

// UpdateProfile keeps what it was given, for the test to read.
func (f *fakeMembers) UpdateProfile(_ context.Context, _ int64, values map[string]string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.profiles = append(f.profiles, values)
	return nil
}

func (f *fakeMembers) updates() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.profiles)
}

// fakeSignins is the signed-in browsers: a session is live once started, until ended.
type fakeSignins struct {
	handlers.Signins
	mu   sync.Mutex
	live map[string]int64 // session key → member
}

func (f *fakeSignins) Start(_ context.Context, key string, memberID int64, _, _ string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.live == nil {
		f.live = map[string]int64{}
	}
	f.live[key] = memberID
	return nil
}

func (f *fakeSignins) Live(_ context.Context, key string, memberID int64) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	id, ok := f.live[key]
	return ok && id == memberID, nil
}

// noFactor is a site where nobody has a second factor.
type noFactor struct{ handlers.SecondFactor }

func (noFactor) Enabled(context.Context, int64) (bool, error) { return false, nil }

// keptAudit keeps the entries it is given.
type keptAudit struct {
	handlers.Audit
	mu      sync.Mutex
	entries []services.AuditEntry
}

func (a *keptAudit) Record(_ context.Context, e services.AuditEntry) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.entries = append(a.entries, e)
	return nil
}

// signedInDeps is d with the sign-in fakes where d has none: members (aloneMembers),
// signed-in browsers, no second factor, an audit trail.
func signedInDeps(d handlers.Deps) handlers.Deps {
	if d.Members == nil {
		d.Members = aloneMembers()
	}
	if d.Signins == nil {
		d.Signins = &fakeSignins{}
	}
	if d.Factor == nil {
		d.Factor = noFactor{}
	}
	if d.Audit == nil {
		d.Audit = &keptAudit{}
	}
	return d
}

// signIn signs the client in with the password, as login does, but then reads page (not
// the dashboard, which needs the cards, views and messages) for the CSRF token the new
// session carries; "" reads no page.
func (c *client) signIn(login, password, page string) {
	c.t.Helper()
	c.get("/login")
	r := c.post("/login", url.Values{"login": {login}, "password": {password}, "next": {"/admin"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin" {
		c.t.Fatalf("sign in %s: status %d, location %q, body %.300s", login, r.status, r.header.Get("Location"), r.body)
	}
	if page != "" {
		if p := c.get(page); p.status != http.StatusOK {
			c.t.Fatalf("sign in %s: %s answers %d %.300s", login, page, p.status, p.body)
		}
	}
}

// The dashboard of a member with no cards yet: what /admin reads, answered empty.
type (
	noCardsYet   struct{ handlers.Cards }
	noViewsYet   struct{ handlers.Views }
	reachNowhere struct{ handlers.Intake }
)

func (noCardsYet) Find(_ context.Context, _ services.Actor, q string, _, perPage int) (*services.CardPage, error) {
	return &services.CardPage{Paging: services.Paging{Page: 1, Pages: 1, PerPage: perPage, Query: q}}, nil
}

func (noViewsYet) Stats(context.Context, services.Actor, []int64) (*services.Stats, error) {
	return &services.Stats{}, nil
}

func (reachNowhere) MemberReach(context.Context, int64) (messages.Reach, error) {
	return messages.Reach{}, nil
}

// dashboardDeps is signedInDeps with an empty dashboard where d has no cards, views or
// intake of its own.
func dashboardDeps(d handlers.Deps) handlers.Deps {
	if d.Cards == nil {
		d.Cards = noCardsYet{}
	}
	if d.Views == nil {
		d.Views = noViewsYet{}
	}
	if d.Intake == nil {
		d.Intake = reachNowhere{}
	}
	return signedInDeps(d)
}

// fakeIntake takes visitors' messages as the handlers see it: it keeps what it is given
// and answers with refuse (when set) or a stored message going where reach says.
type fakeIntake struct {
	handlers.Intake
	refuse func(in messages.Contact) error
	reach  messages.Reach

	mu  sync.Mutex
	got []messages.Contact
}

func (f *fakeIntake) Submit(_ context.Context, in messages.Contact) (*models.Message, error) {
	f.mu.Lock()
	f.got = append(f.got, in)
	n := len(f.got)
	f.mu.Unlock()
	if f.refuse != nil {
		if err := f.refuse(in); err != nil {
			return nil, err
		}
	}
	return &models.Message{ID: int64(100 + n)}, nil
}

func (f *fakeIntake) Reached(context.Context, *models.Message) (messages.Reach, error) {
	return f.reach, nil
}

func (f *fakeIntake) submitted() []messages.Contact {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]messages.Contact(nil), f.got...)
}

// savingCards is an empty dashboard whose card edits are taken and kept (as "kind id"
// or "profile id"), without a database behind them.
type savingCards struct {
	noCardsYet
	mu    sync.Mutex
	edits []string
}

func (s *savingCards) keep(what string, id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.edits = append(s.edits, what+" "+strconv.FormatInt(id, 10))
}

func (s *savingCards) AttachFile(_ context.Context, _ services.Actor, id int64, kind services.FileKind, data []byte) error {
	s.keep(fmt.Sprint(kind), id)
	return nil
}

func (s *savingCards) UpdateProfile(_ context.Context, _ services.Actor, id int64, _ map[string]string) error {
	s.keep("profile", id)
	return nil
}

func (s *savingCards) kept() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.edits...)
}

// noStoredFiles is a site with no uploaded photo or résumé.
type noStoredFiles struct{ handlers.Uploads }

func (noStoredFiles) Open(context.Context, string) (*services.StoredFile, error) {
	return nil, models.ErrNotFound
}

func (f *fakeIntake) Stamp() string { return "1.stamp" }

func (f *fakeIntake) Reach(context.Context, string) (messages.Reach, error) { return f.reach, nil }

// ValidReachKey knows the reaches this fake answers: saved, and its own.
func (f *fakeIntake) ValidReachKey(k string) bool {
	return k == messages.ReachSaved || k == f.reach.Key()
}

// fakeKakao is KakaoTalk configured, with each member's connection as states says
// (member ID → state, "disconnected" when absent), and an authorize URL at authURL.
type fakeKakao struct {
	handlers.KakaoAccount
	authURL string
	off     bool // no KAKAO_REST_API_KEY
	mu      sync.Mutex
	states  map[int64]string
}

func (f *fakeKakao) Configured() bool { return !f.off }

func (f *fakeKakao) Connected(_ context.Context, memberID int64) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.states[memberID] == messages.TokenHealthy
}

func (f *fakeKakao) AuthorizeURL(state string) (string, error) {
	return f.authURL + "?state=" + state, nil
}

func (f *fakeKakao) Status(_ context.Context, actor services.Actor) ([]messages.TokenStatus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st, ok := f.states[actor.ID]
	if !ok {
		st = messages.TokenDisconnected
	}
	return []messages.TokenStatus{{MemberID: actor.ID, Login: "member", State: st}}, nil
}

func (f *fakeKakao) set(memberID int64, state string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.states == nil {
		f.states = map[int64]string{}
	}
	f.states[memberID] = state
}

// The rest of the KakaoTalk panel: no channels set up, a job that has not run yet.
type (
	noChannelsYet struct{ handlers.ChannelSettings }
	jobNotRun     struct{ handlers.RefreshStatus }
)

func (noChannelsYet) Status(context.Context, int64) ([]messages.ChannelStatus, error) {
	return nil, nil
}

func (jobNotRun) Status(context.Context) (*messages.JobStatus, error) {
	return &messages.JobStatus{Name: "kakao-refresh", Schedule: "@every 1h", Interval: time.Hour, Run: &models.JobRun{}}, nil
}

// kakaoPanelDeps is signedInDeps with the KakaoTalk panel on kakao.
func kakaoPanelDeps(kakao *fakeKakao) handlers.Deps {
	return signedInDeps(handlers.Deps{Account: kakao, Channels: noChannelsYet{}, RefreshJob: jobNotRun{}})
}

// othersCards is the published cards, and in the editor a card (1) that is the demo's,
// which no member but an admin may edit.
type othersCards struct{ *fakeCards }

func (othersCards) Editable(_ context.Context, actor services.Actor, id int64) (*models.Card, error) {
	if id != 1 {
		return nil, models.ErrNotFound
	}
	return nil, services.ErrForbidden
}
