package services_test

import (
	"context"
	"testing"

	"sitecard/internal/config"
	"sitecard/internal/kakao/kakaofake"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/models"
	"sitecard/services"
)

// site is a whole sitecard whose Kakao is the fake: alice owns a published card and, once
// connect is called, a working KakaoTalk connection.
type site struct {
	srv    *server.Server
	fake   *kakaofake.Fake
	clock  *testutil.Clock
	alice  int64
	cardID int64
}

func newSite(t *testing.T, cfg *config.Config, opts ...server.Option) *site {
	t.Helper()
	clk := &testutil.Clock{}
	fake := testutil.FakeKakao(t, cfg, clk)
	srv := testutil.Server(t, cfg, append(opts, server.WithClock(clk.Now), server.WithFastPasswordHashing())...)
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
	m, err := s.srv.Contacts.Submit(context.Background(), services.Contact{Card: "alice", Name: "방문자",
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
