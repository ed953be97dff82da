package migrations_test

import (
	"context"
	"io/fs"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/database"
	"sitecard/internal/testutil"
	"sitecard/migrations"
	"sitecard/models"
)

func TestBothDialectsHaveTheSameMigrations(t *testing.T) {
	names := func(dir string) []string {
		entries, err := fs.ReadDir(os.DirFS("."), dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		sort.Strings(out)
		return out
	}
	sq, my := names("sqlite"), names("mysql")
	if strings.Join(sq, ",") != strings.Join(my, ",") {
		t.Fatalf("sqlite has %v, mysql has %v", sq, my)
	}
}

func TestUpStatusDownUp(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		ctx := context.Background()
		db, err := database.Open(ctx, cfg.Dialect, cfg.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		m, err := migrations.New(db, cfg.MigrationLockFile())
		if err != nil {
			t.Fatal(err)
		}
		n, err := m.Up(ctx)
		if err != nil || n == 0 {
			t.Fatalf("up: %d, %v", n, err)
		}
		if n, err := m.Up(ctx); err != nil || n != 0 {
			t.Fatalf("second up: %d, %v (want nothing to do)", n, err)
		}
		st, err := m.Status(ctx)
		if err != nil || len(st) == 0 {
			t.Fatalf("status: %v %v", st, err)
		}
		for _, s := range st {
			if !s.Applied {
				t.Errorf("%s not applied", s.Name)
			}
		}
		for _, table := range []string{"members", "cards", "card_sections", "section_items", "card_links", "messages", "message_attempts", "tokens", "sessions", "page_views", "job_runs"} {
			if _, err := db.NewSelect().Table(table).ColumnExpr("COUNT(*)").Exec(ctx); err != nil {
				t.Errorf("table %s: %v", table, err)
			}
		}
		if _, err := m.Down(ctx); err != nil {
			t.Fatalf("down: %v", err)
		}
		if _, err := db.NewSelect().Table("cards").ColumnExpr("COUNT(*)").Exec(ctx); err == nil {
			t.Error("cards still exists after down")
		}
		if n, err := m.Up(ctx); err != nil || n == 0 {
			t.Fatalf("up after down: %d, %v", n, err)
		}
	})
}

func TestConcurrentStartUpsMigrateOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		ctx := context.Background()
		errs := make(chan error, 3)
		for range 3 {
			go func() {
				db, err := database.Open(ctx, cfg.Dialect, cfg.DSN)
				if err != nil {
					errs <- err
					return
				}
				defer db.Close()
				m, err := migrations.New(db, cfg.MigrationLockFile())
				if err == nil {
					_, err = m.Up(ctx)
				}
				errs <- err
			}()
		}
		for range 3 {
			if err := <-errs; err != nil {
				t.Errorf("instance: %v", err)
			}
		}
	})
}

// The errors kept from before held webhook URLs (credentials): the migration replaces
// those texts in every place, and leaves KakaoTalk's and other channels' alone.
func TestWebhookErrorsLoseTheirURL(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		ctx := context.Background()
		db, err := database.Open(ctx, cfg.Dialect, cfg.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		m, err := migrations.New(db, cfg.MigrationLockFile())
		if err != nil {
			t.Fatal(err)
		}
		if err := m.UpTo(ctx, "20261201000301"); err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		member := &models.Member{Login: "alice", Role: models.RoleMember, CreatedAt: now, UpdatedAt: now}
		if err := models.InsertMember(ctx, db, member); err != nil {
			t.Fatal(err)
		}
		leaked := `Post "https://hooks.slack.com/services/T0001/B0002/SECRETSECRET": dial tcp: i/o timeout`
		kakao := `Post "https://kapi.kakao.com/v2/api/talk/memo/default/send": EOF`
		msg := &models.Message{MemberID: &member.ID, Name: "n", Email: "v@example.com", Body: "b", State: models.MessageFailed,
			LastError: leaked, CreatedAt: now, UpdatedAt: now, Deliveries: []*models.Delivery{
				{Channel: models.ChannelWebhook, State: models.MessageFailed, LastError: leaked, CreatedAt: now, UpdatedAt: now},
				{Channel: models.ChannelKakao, State: models.MessageFailed, LastError: kakao, CreatedAt: now, UpdatedAt: now}}}
		if err := models.InsertMessages(ctx, db, []*models.Message{msg}); err != nil {
			t.Fatal(err)
		}
		for _, a := range []*models.MessageAttempt{{MessageID: msg.ID, Channel: models.ChannelWebhook, Attempt: 1, Outcome: "failed", Error: leaked, CreatedAt: now},
			{MessageID: msg.ID, Channel: models.ChannelKakao, Attempt: 1, Outcome: "failed", Error: kakao, CreatedAt: now}} {
			if err := models.InsertMessageAttempt(ctx, db, a); err != nil {
				t.Fatal(err)
			}
		}
		if err := models.SaveChannel(ctx, db, &models.MemberChannel{MemberID: member.ID, Channel: models.ChannelWebhook, Target: "https://hooks.slack.com/services/T0001/B0002/SECRETSECRET",
			LastError: leaked, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Up(ctx); err != nil {
			t.Fatal(err)
		}
		got, _ := models.MessageByID(ctx, db, msg.ID)
		ds, _ := models.DeliveriesOf(ctx, db, msg.ID)
		hist, _ := models.MessageAttempts(ctx, db, msg.ID)
		chs, _ := models.ChannelsOf(ctx, db, member.ID)
		texts := map[string]string{"messages": got.LastError, "member_channels": chs[models.ChannelWebhook].LastError}
		for _, d := range ds {
			texts["deliveries "+d.Channel] = d.LastError
		}
		for _, a := range hist {
			texts["message_attempts "+a.Channel] = a.Error
		}
		if len(texts) != 6 {
			t.Fatalf("read back %v", texts)
		}
		for where, text := range texts {
			if strings.Contains(text, "SECRET") {
				t.Errorf("%s keeps the webhook URL: %s", where, text)
			}
			if strings.HasSuffix(where, "kakao") && text != kakao {
				t.Errorf("%s changed: %s", where, text)
			}
		}
		if chs[models.ChannelWebhook].Target == "" {
			t.Error("the webhook's own URL was removed")
		}
	})
}
