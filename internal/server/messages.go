package server

import (
	"context"
	"time"

	"sitecard/internal/database"
	"sitecard/internal/i18n"
	"sitecard/internal/kakao"
	"sitecard/internal/mailer"
	"sitecard/internal/metrics"
	"sitecard/internal/webhook"
	"sitecard/services/messages"
)

// buildMessages builds message delivery, whole: intake, outbox and worker, inbox,
// channel settings and the KakaoTalk account. All its wiring is here, in one place.
// counter is told each delivery attempt's outcome (nil: nobody).
func (s *Server) buildMessages(ctx context.Context, o options, catalog *i18n.Catalog, counter messages.Counter) (*messages.Service, error) {
	k := s.Config.Kakao
	client := kakao.New(kakao.Config{RestAPIKey: k.RestAPIKey, ClientSecret: k.ClientSecret, RedirectURI: k.RedirectURI, AuthURL: k.AuthURL, APIURL: k.APIURL})
	mail := o.mailer
	if mail == nil && s.Config.SMTP.Configured() {
		mail = mailer.New(s.Config.SMTP.URL, s.Config.SMTP.Insecure)
	}
	m, err := messages.New(messages.Deps{
		DB: s.DB, Clock: o.clock, Log: s.log, Catalog: catalog, SecretKey: s.Config.SecretKey, BaseURL: s.Config.BaseURL.String(),
		Kakao: client, RefreshAhead: s.Config.TokenRefreshAhead,
		Lock: func(ctx context.Context, name string) (func(), error) {
			return database.Lock(ctx, s.DB, name, 15*time.Second)
		},
		Mailer: mail, From: s.Config.SMTP.From,
		WebhookAllowPrivate: s.Config.WebhookAllowPrivate, Self: webhook.Self{Base: s.Config.BaseURL, Listen: s.Config.Addr},
		Limiter: s.Limiter, ContactPerIP: s.Config.ContactPerIP, ContactPerCard: s.Config.ContactPerCard,
		ClaimTimeout: s.Config.ClaimTimeout, Metrics: counter,
		Jobs: s.Jobs, RefreshJob: TokenRefreshJob, RefreshInterval: s.Config.TokenRefreshInterval,
	})
	if err != nil {
		return nil, err
	}
	// A webhook saved under settings that changed since is refused now: said at start-up.
	if refused, err := m.Settings.RefusedWebhooks(ctx); err != nil {
		return nil, err
	} else if len(refused) > 0 {
		s.log.Warn("saved webhooks are refused by the settings (WEBHOOK_ALLOW_PRIVATE, BASE_URL, ADDR): their messages wait until the member saves another URL",
			"members", refused, "webhook_allow_private", s.Config.WebhookAllowPrivate)
	}
	return m, nil
}

// deliveryCounter is the metrics' count of delivery attempts, when there are metrics.
func deliveryCounter(m *metrics.Metrics) messages.Counter {
	if m == nil {
		return nil
	}
	return m
}

// refreshStatus is the refresh job as the KakaoTalk panel reads it: its last run, and
// its next as the scheduler has it.
type refreshStatus struct {
	job  *messages.RefreshJob
	next func() *time.Time
}

func (r refreshStatus) Status(ctx context.Context) (*messages.JobStatus, error) {
	return r.job.Status(ctx, r.next())
}
