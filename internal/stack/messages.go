package stack

import (
	"context"
	"time"

	"sitecard/internal/database"
	"sitecard/internal/kakao"
	"sitecard/internal/mailer"
	"sitecard/internal/webhook"
	"sitecard/services/messages"
)

// buildMessages builds message delivery whole (services/messages): intake, outbox and
// worker, inbox, channel settings and the KakaoTalk account, with the delivery counter
// of the metrics when there are metrics.
func (s *Services) buildMessages(ctx context.Context, d Deps) error {
	cfg, db, log := d.Config, d.DB, d.Log
	k := cfg.Kakao
	client := kakao.New(kakao.Config{RestAPIKey: k.RestAPIKey, ClientSecret: k.ClientSecret, RedirectURI: k.RedirectURI,
		AuthURL: k.AuthURL, APIURL: k.APIURL, HTTPClient: d.KakaoHTTP})
	mail := d.Mailer
	if mail == nil && cfg.SMTP.Configured() {
		mail = mailer.New(cfg.SMTP.URL, cfg.SMTP.Insecure)
	}
	counter := d.Counter
	if counter == nil && s.Counters != nil {
		counter = s.Counters
	}
	m, err := messages.New(messages.Deps{
		DB: db, Clock: d.Now, Log: log, Catalog: s.Catalog, SecretKey: cfg.SecretKey, BaseURL: cfg.BaseURL.String(),
		Kakao: client, RefreshAhead: cfg.TokenRefreshAhead,
		Lock: func(ctx context.Context, name string) (func(), error) {
			return database.Lock(ctx, db, name, 15*time.Second)
		},
		Mailer: mail, From: cfg.SMTP.From,
		WebhookAllowPrivate: cfg.WebhookAllowPrivate, Self: webhook.Self{Base: cfg.BaseURL, Listen: cfg.Addr},
		Limiter: s.Limiter, ContactPerIP: cfg.ContactPerIP, ContactPerCard: cfg.ContactPerCard,
		ClaimTimeout: cfg.ClaimTimeout, Metrics: counter,
		Jobs: s.Jobs, RefreshJob: TokenRefreshJob, RefreshInterval: cfg.TokenRefreshInterval,
		Extra: d.Channels,
	})
	if err != nil {
		return err
	}
	// A webhook saved under settings that changed since is refused now: said at start-up.
	if refused, err := m.Settings.RefusedWebhooks(ctx); err != nil {
		return err
	} else if len(refused) > 0 {
		log.Warn("saved webhooks are refused by the settings (WEBHOOK_ALLOW_PRIVATE, BASE_URL, ADDR): their messages wait until the member saves another URL",
			"members", refused, "webhook_allow_private", cfg.WebhookAllowPrivate)
	}
	s.Messages = m
	return nil
}
