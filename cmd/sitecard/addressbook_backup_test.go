package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/internal/testutil/testsite"
	"sitecard/models"
	"sitecard/services"
)

// A backup carries the contacts visitors shared and the app passwords (as hashes): on the
// restored site, on the other database, the same app password opens the same address book.
func TestBackupCarriesTheAddressBook(t *testing.T) {
	lite := testutil.Config(t, "sqlite://"+filepath.ToSlash(filepath.Join(t.TempDir(), "a.db")))
	maria := testutil.Config(t, testutil.MariaDB(t))
	src := populated(t, lite, newHookReceiver(t))
	ctx := context.Background()
	book := services.NewAddressBook(src.DB, time.Now)
	alice, err := models.MemberByLogin(ctx, src.DB, "alice")
	if err != nil {
		t.Fatal(err)
	}
	var msg models.Message
	if err := src.DB.NewSelect().Model(&msg).OrderExpr("id").Limit(1).Scan(ctx); err != nil {
		t.Fatal(err)
	}
	if err := book.Share(ctx, &msg, services.SharedFields{Phone: "010-1111-2222", Org: "한빛", Consent: true, ConsentText: "동의합니다"}); err != nil {
		t.Fatal(err)
	}
	pw, err := book.CreateAppPassword(ctx, services.Actor{ID: alice.ID}, "iPhone")
	if err != nil {
		t.Fatal(err)
	}
	file := writeBackup(t, src)
	if rows := tables(t, file); len(rows["shared_contacts"]) != 1 || len(rows["app_passwords"]) != 1 {
		t.Fatalf("the backup has %d shared contacts, %d app passwords", len(rows["shared_contacts"]), len(rows["app_passwords"]))
	}
	if err := restore(maria, file, false); err != nil {
		t.Fatalf("restore into MariaDB: %v", err)
	}
	maria.WebhookAllowPrivate = true
	testutil.FakeKakao(t, maria, &testutil.Clock{})
	dst := testsite.Server(t, maria, server.WithFastPasswordHashing())
	req := httptest.NewRequest("PROPFIND", "/dav/addressbooks/contacts/", nil)
	req.SetBasicAuth("alice", pw)
	req.Header.Set("Depth", "1")
	resp, err := dst.App.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMultiStatus {
		t.Errorf("the restored address book answers %d", resp.StatusCode)
	}
	id, err := services.NewAddressBook(dst.DB, time.Now).AuthenticateApp(ctx, "alice", pw)
	if err != nil {
		t.Fatal(err)
	}
	list, err := services.NewAddressBook(dst.DB, time.Now).Contacts(ctx, id)
	if err != nil || len(list) != 1 || list[0].Phone != "010-1111-2222" || list[0].Consent != "동의합니다" {
		t.Errorf("restored contacts: %+v %v", list, err)
	}
}
