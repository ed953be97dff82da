package handlers_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/models"
)

// A passkey is removed only by its member; the passkey endpoints refuse what is not a
// ceremony they started, with a JSON reason, and ask for the CSRF token.
func TestPasskeyEndpointsRefuseStrangers(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		ctx := context.Background()
		pk := &models.Passkey{MemberID: f.aliceID, Name: "Phone", CredentialHash: strings.Repeat("a", 64), Credential: "{}", CreatedAt: time.Now()}
		if err := models.InsertPasskey(ctx, f.srv.DB, pk); err != nil {
			t.Fatal(err)
		}
		bob := newClient(t, f.srv)
		bob.login("bob", "bob-pass-1")
		if r := bob.post("/admin/account/passkeys/"+itoa(pk.ID)+"/delete", nil); r.status != http.StatusNotFound {
			t.Errorf("bob removing alice's passkey: %d", r.status)
		}
		alice := newClient(t, f.srv)
		alice.login("alice", "alice-pass-1")
		if p := alice.get("/admin/account"); !strings.Contains(p.body, `data-name="Phone"`) {
			t.Fatal("alice's passkey is not listed")
		}
		if r := alice.post("/admin/account/passkeys/"+itoa(pk.ID)+"/delete", nil); r.status != http.StatusSeeOther {
			t.Errorf("alice removing her passkey: %d", r.status)
		}
		if p := alice.get("/admin/account"); strings.Contains(p.body, `data-name="Phone"`) {
			t.Error("the removed passkey is still listed")
		}

		visitor := newClient(t, f.srv)
		visitor.get("/login")
		json := func(path, body, token string) response {
			req := httptest.NewRequest("POST", path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", "application/json")
			if token != "" {
				req.Header.Set("X-CSRF-Token", token)
			}
			return visitor.send(req)
		}
		if r := json("/login/passkey/finish", `{"id":"x","rawId":"eA","type":"public-key","response":{}}`, visitor.csrf); r.status != http.StatusUnauthorized || !strings.Contains(r.body, `"message"`) {
			t.Errorf("a finish without a begin: %d %s", r.status, r.body)
		}
		if r := json("/login/passkey/begin", `{}`, ""); r.status != http.StatusForbidden {
			t.Errorf("a begin without the CSRF token: %d", r.status)
		}
		r := json("/login/passkey/begin", `{}`, visitor.csrf)
		if r.status != http.StatusOK || !strings.Contains(r.body, `"challenge"`) || !strings.Contains(r.body, `"rpId":"localhost"`) {
			t.Fatalf("begin: %d %s", r.status, r.body)
		}
		if r := json("/login/passkey/finish", `not json`, visitor.csrf); r.status != http.StatusUnauthorized {
			t.Errorf("garbage after a begin: %d", r.status)
		}
		// The challenge was taken by the garbage: a second answer finds none.
		if r := json("/login/passkey/finish", `{"id":"x","rawId":"eA","type":"public-key","response":{}}`, visitor.csrf); r.status != http.StatusUnauthorized {
			t.Errorf("a second answer to one challenge: %d", r.status)
		}
	})
}

// A site at an IP address (WebAuthn takes only host names) starts, with passkeys off.
func TestPasskeysOffOnAnIPAddress(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	var err error
	if cfg.BaseURL, err = url.Parse("http://127.0.0.1:8000"); err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, cfg)
	c := newClient(t, f.srv)
	if p := c.get("/login"); strings.Contains(p.body, `id="passkey-login"`) {
		t.Error("the sign-in page offers passkeys that cannot work")
	}
	c.login("alice", "alice-pass-1")
	if p := c.get("/admin/account"); strings.Contains(p.body, `id="passkey-add"`) {
		t.Error("the account page offers to add a passkey")
	}
	if r := c.post("/admin/account/passkeys/begin", nil); r.status != http.StatusNotFound {
		t.Errorf("begin with passkeys off: %d", r.status)
	}
}
