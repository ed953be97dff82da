package stack

import (
	"context"
	"time"

	"sitecard/internal/database"
	"sitecard/internal/kakao"
	"sitecard/internal/webhook"
	"sitecard/services"
)

// buildMessages builds the message services (the KakaoTalk account, the channels, the
// outbox, the intake of visitors' messages and the token refresh) as they are wired
// today, their callbacks and clocks set after they are made. services/messages builds
// them whole; when it is merged, its own buildMessages replaces this one.
func (s *Services) buildMessages(ctx context.Context, d Deps) error {
	cfg, db, log := d.Config, d.DB, d.Log
	k := cfg.Kakao
	client := kakao.New(kakao.Config{RestAPIKey: k.RestAPIKey, ClientSecret: k.ClientSecret, RedirectURI: k.RedirectURI,
		AuthURL: k.AuthURL, APIURL: k.APIURL, HTTPClient: d.KakaoHTTP})
	base := cfg.BaseURL.String()
	s.Tokens = services.NewTokens(db, client, cfg.SecretKey, cfg.TokenRefreshAhead, s.Catalog, base)
	s.Tokens.WithLock(func(ctx context.Context, name string) (func(), error) {
		return database.Lock(ctx, db, name, 15*time.Second)
	})
	s.Channels = services.NewChannels(db, cfg.SecretKey, cfg.SMTP, cfg.WebhookAllowPrivate, base, webhook.Self{Base: cfg.BaseURL, Listen: cfg.Addr})
	s.Channels.WithLimiter(s.Limiter)
	if d.Mailer != nil {
		s.Channels.WithMailer(d.Mailer)
	}
	s.Outbox = services.NewOutbox(db, s.Tokens, s.Channels, base, log).WithClaimTimeout(cfg.ClaimTimeout)
	if s.Counters != nil {
		s.Outbox.OnRelease(s.Counters.Delivered)
	}
	// Messages that waited for a member's KakaoTalk go out as soon as it works again.
	s.Tokens.OnConnected(func(ctx context.Context, memberID int64) error {
		_, err := s.Outbox.ReleaseWaiting(ctx, memberID)
		return err
	})
	// A webhook saved under settings that changed since is refused now: said at start-up.
	if refused, err := s.Channels.RefusedWebhooks(ctx); err != nil {
		return err
	} else if len(refused) > 0 {
		log.Warn("saved webhooks are refused by the settings (WEBHOOK_ALLOW_PRIVATE, BASE_URL, ADDR): their messages wait until the member saves another URL",
			"members", refused, "webhook_allow_private", cfg.WebhookAllowPrivate)
	}
	// Messages that waited for any channel get their deliveries when one is turned on.
	s.Channels.OnEnabled(s.Outbox.ReplanWaiting)
	s.Contacts = services.NewContacts(db, s.Outbox, s.Limiter, cfg.SecretKey, cfg.ContactPerIP, cfg.ContactPerCard)
	s.RefreshJob = services.NewRefreshJob(TokenRefreshJob, cfg.TokenRefreshInterval, s.Tokens, s.Jobs, log)
	if d.Now != nil {
		s.Tokens.WithClock(d.Now)
		s.Outbox.WithClock(d.Now)
		s.Contacts.WithClock(d.Now)
		s.Channels.WithClock(d.Now)
	}
	return nil
}
