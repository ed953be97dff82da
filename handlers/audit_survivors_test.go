package handlers_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"sitecard/internal/config"
	"sitecard/internal/server"
	"sitecard/internal/sessionstore"
	"sitecard/internal/testutil"
	"sitecard/models"
	"sitecard/services"
)

// Issue 24 §5: a stored résumé is downloaded, never shown in the browser's tab as the
// site's own page (an uploaded file is the owner's, not the site's), and a photo is shown
// inline; each is served under its own type.
func TestAStoredResumeIsDownloadedAndAPhotoShown(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	c := newClient(t, f.srv)
	c.login("alice", "alice-pass-1")
	card := fmt.Sprintf("/admin/cards/%d", f.cardID)
	c.get(card)
	if r := c.upload(card+"/photo", "photo", "me.png", pngBytes(t)); r.status != http.StatusSeeOther {
		t.Fatalf("photo: %d", r.status)
	}
	if r := c.upload(card+"/resume", "resume", "cv.pdf", testutil.PDFText(t, "Experience: Acme Robotics")); r.status != http.StatusSeeOther {
		t.Fatalf("résumé: %d", r.status)
	}
	page := newClient(t, f.srv).get("/c/alice").body
	link := regexp.MustCompile(`class="download download-resume" href="([^"]+)"`).FindStringSubmatch(page)
	photo := regexp.MustCompile(`<img class="u-photo" src="(/media/[^"]+)"`).FindStringSubmatch(page)
	if link == nil || photo == nil {
		t.Fatalf("the card links no résumé or photo: %.500s", page)
	}
	resume := newClient(t, f.srv).get(link[1]).header.Get("Location") // the click is counted first
	if !strings.HasPrefix(resume, "/media/") {
		t.Fatalf("the résumé link leads to %q", resume)
	}
	r := newClient(t, f.srv).get(resume)
	if r.status != 200 || r.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.header.Get("Content-Disposition"), "attachment") {
		t.Errorf("the résumé: %d, %q, %q; want a PDF attachment", r.status, r.header.Get("Content-Type"), r.header.Get("Content-Disposition"))
	}
	p := newClient(t, f.srv).get(photo[1])
	if p.status != 200 || p.header.Get("Content-Disposition") != "" || !strings.HasPrefix(p.header.Get("Content-Type"), "image/") {
		t.Errorf("the photo: %d, %q, %q; want an image shown inline", p.status, p.header.Get("Content-Type"), p.header.Get("Content-Disposition"))
	}
	// A browser that has it answers with its ETag; another name's ETag is not it.
	etag := p.header.Get("ETag")
	if n := newClient(t, f.srv).get(photo[1], "If-None-Match", etag); n.status != http.StatusNotModified {
		t.Errorf("the photo's own ETag: %d, want 304", n.status)
	}
	if n := newClient(t, f.srv).get(photo[1], "If-None-Match", `"another-file.png"`); n.status != 200 || len(n.body) == 0 {
		t.Errorf("another file's ETag: %d with %d bytes, want the photo", n.status, len(n.body))
	}
}

// With TRUSTED_PROXIES set, a peer that is not one of them is counted by its own address,
// whatever X-Forwarded-For it writes: a client talking to the site directly, past the
// proxy, cannot buy a fresh limit per forged header.
func TestForwardedForFromAPeerThatIsNotTheProxy(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	cfg.TrustedProxies = []string{"192.0.2.1"} // the proxy; app.Test connects from 0.0.0.0
	k := newKakaoSiteWithLimits(t, cfg, config.Rate{N: 1, Window: time.Minute}, config.Rate{N: 0, Window: time.Hour})
	a := postJSON(t, k.srv, `{"name":"a","email":"a@b.co","message":"m"}`, "X-Forwarded-For", "203.0.113.1")
	b := postJSON(t, k.srv, `{"name":"a","email":"a@b.co","message":"m"}`, "X-Forwarded-For", "203.0.113.2")
	if a.status != 200 {
		t.Fatalf("first: %d", a.status)
	}
	if b.status != http.StatusTooManyRequests {
		t.Errorf("a peer that is not the proxy was believed: its second message got %d, want 429", b.status)
	}
}

// The last active admin stays an admin when another admin exists but is disabled: a
// disabled admin cannot sign in, so it is no admin to fall back on.
func TestADisabledAdminIsNoSecondAdmin(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		ctx := context.Background()
		root := services.Actor{ID: f.adminID, Admin: true}
		if err := f.srv.Members.SetRole(ctx, root, f.bobID, models.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		if err := f.srv.Members.SetDisabled(ctx, root, f.bobID, true); err != nil {
			t.Fatal(err)
		}
		c := newClient(t, f.srv)
		c.login("admin", adminPassword)
		self := fmt.Sprintf("/admin/members/%d", f.adminID)
		for _, action := range []string{"/role", "/disable", "/delete"} {
			if r := c.post(self+action, url.Values{"role": {"member"}}); r.status != http.StatusConflict || !strings.Contains(r.body, "마지막 관리자") {
				t.Errorf("%s on the last active admin (the other is disabled): %d, want 409", action, r.status)
			}
		}
		if m, err := f.srv.Members.Get(ctx, f.adminID); err != nil || m.Role != models.RoleAdmin || m.Disabled {
			t.Errorf("the last active admin after the refusals: %+v %v", m, err)
		}
	})
}

// A body is refused at its route's limit to the byte: the visitor forms take 64 KB and
// the dashboard 256 KB, and one byte more is a 413 before anything parses it.
func TestBodyLimitsAreExactToTheByte(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	c := newClient(t, f.srv)
	c.login("alice", "alice-pass-1")
	for _, tc := range []struct {
		path  string
		limit int
	}{{"/contact", 64 << 10}, {"/admin/account", 256 << 10}} {
		for _, size := range []int{tc.limit, tc.limit + 1} {
			head := url.Values{"_csrf": {c.csrf}, "card": {"alice"}, "display_name": {"Alice"}}.Encode() + "&pad="
			body := head + strings.Repeat("a", size-len(head))
			req := httptest.NewRequest("POST", tc.path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r := c.send(req)
			if tooLarge := r.status == http.StatusRequestEntityTooLarge; tooLarge != (size > tc.limit) {
				t.Errorf("POST %s with %d bytes (limit %d): %d", tc.path, size, tc.limit, r.status)
			}
		}
	}
}

// A member's upload to another member's card is refused before it is read: the answer is
// 403 whatever the file is, never the file's own problem (which would mean it was decoded,
// at the card owner's share of the site's memory).
func TestAStrangersUploadIsRefusedBeforeItIsRead(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	bob := newClient(t, f.srv)
	bob.login("bob", "bob-pass-1")
	card := fmt.Sprintf("/admin/cards/%d", f.cardID) // alice's
	for _, up := range []struct{ path, field, name string }{
		{card + "/photo", "photo", "me.png"}, {card + "/resume", "resume", "cv.pdf"},
	} {
		for what, data := range map[string][]byte{"not a file of its kind": []byte("MZ not an image nor a PDF"),
			"a good one": map[string][]byte{"photo": pngBytes(t), "resume": testutil.PDFText(t, "Experience")}[up.field]} {
			if r := bob.upload(up.path, up.field, up.name, data); r.status != http.StatusForbidden {
				t.Errorf("bob's %s (%s) to alice's card: %d, want 403", up.field, what, r.status)
			}
		}
	}
	// The service refuses it first too, whoever calls it: not a word about the file.
	for _, kind := range []services.FileKind{services.Photo, services.Resume} {
		err := f.srv.Cards.AttachFile(context.Background(), services.Actor{ID: f.bobID}, f.cardID, kind, []byte("MZ not an image nor a PDF"))
		if !errors.Is(err, services.ErrForbidden) {
			t.Errorf("AttachFile of bob's file (kind %d) to alice's card: %v, want ErrForbidden", kind, err)
		}
	}
}

// A session started for Alice is live for Alice only: a session cookie whose stored data
// names another member (a stale copy, a value written by hand) signs nobody in.
func TestASessionIsLiveForItsOwnMemberOnly(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		ctx := context.Background()
		if err := sessionstore.New(f.srv.DB, nil).Set("session-key-of-alice", []byte("data"), time.Hour); err != nil {
			t.Fatal(err)
		}
		if err := f.srv.Signins.Start(ctx, "session-key-of-alice", f.aliceID, "Mozilla/5.0", "192.0.2.9"); err != nil {
			t.Fatal(err)
		}
		if live, err := f.srv.Signins.Live(ctx, "session-key-of-alice", f.aliceID); err != nil || !live {
			t.Fatalf("alice's own session: %v %v", live, err)
		}
		if live, err := f.srv.Signins.Live(ctx, "session-key-of-alice", f.bobID); err != nil || live {
			t.Errorf("alice's session is live for bob: %v %v", live, err)
		}
		if live, _ := f.srv.Signins.Live(ctx, "no-such-session", f.aliceID); live {
			t.Error("a session that does not exist is live")
		}
	})
}

// The audit trail is the admins' alone at the service too, not only behind the dashboard's
// admin routes: a member, signed in and known, is refused it, and an admin reads it.
func TestOnlyAdminsReadTheAuditTrail(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	ctx := context.Background()
	if _, err := f.srv.Audit.List(ctx, services.Actor{ID: f.aliceID}, 1, 20); !errors.Is(err, services.ErrForbidden) {
		t.Errorf("a member reading the audit trail: %v, want ErrForbidden", err)
	}
	if _, err := f.srv.Audit.List(ctx, services.Actor{ID: f.adminID, Admin: true}, 1, 20); err != nil {
		t.Errorf("an admin reading the audit trail: %v", err)
	}
}

// A member who asks for the whole site's sources (?site=1, as an admin may) gets their own
// cards' counts: the scope is theirs, never the site's.
func TestAMemberAskingForTheSitesSourcesGetsTheirOwn(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	ctx := context.Background()
	scope, err := f.srv.Views.SourceScope(ctx, services.Actor{ID: f.aliceID}, 0, true)
	if err != nil || scope != (models.SourceScope{MemberID: f.aliceID}) {
		t.Errorf("alice asking for the site: %+v %v, want her own cards", scope, err)
	}
	if scope, err := f.srv.Views.SourceScope(ctx, services.Actor{ID: f.adminID, Admin: true}, 0, true); err != nil || scope != (models.SourceScope{}) {
		t.Errorf("an admin asking for the site: %+v %v, want the whole site", scope, err)
	}
}

// A code is good in its own 30 s and one step either side (a phone's clock drifts), and
// no further: the code of a minute ago, or of a minute ahead, is refused.
func TestACodeIsGoodForItsStepAndOneEitherSide(t *testing.T) {
	clock := &testutil.Clock{}
	f := newFixtureWith(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"), server.WithClock(clock.Now))
	alice := newClient(t, f.srv)
	alice.login("alice", "alice-pass-1")
	secret, _ := setUpTOTP(t, alice, clock.Now())
	clock.Advance(10 * time.Minute)
	for _, tc := range []struct {
		offset time.Duration
		ok     bool
	}{{-60 * time.Second, false}, {60 * time.Second, false}, {-30 * time.Second, true}} {
		c := newClient(t, f.srv)
		passwordStep(t, c, "alice", "alice-pass-1")
		code, _ := totp.GenerateCode(secret, clock.Now().Add(tc.offset))
		r := c.post("/login/code", url.Values{"code": {code}})
		if signedIn := r.status == http.StatusSeeOther; signedIn != tc.ok {
			t.Errorf("the code of %v from now: %d, signed in %v, want %v", tc.offset, r.status, signedIn, tc.ok)
		}
	}
}
