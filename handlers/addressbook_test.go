package handlers_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-vcard"
	"github.com/emersion/go-webdav"
	"github.com/emersion/go-webdav/carddav"

	"sitecard/internal/config"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
)

// appDoer sends go-webdav's requests to the app in process.
type appDoer struct{ srv *server.Server }

func (d appDoer) Do(req *http.Request) (*http.Response, error) {
	req.RequestURI = ""
	return d.srv.App.Test(req, -1)
}

var createdPassword = regexp.MustCompile(`id="app-password-value" type="text" readonly value="(sc-[a-z0-9]+)"`)

// newAppPassword has a signed-in member make an app password on the account page.
func newAppPassword(t *testing.T, c *client, name string) string {
	t.Helper()
	c.get("/admin/account/app-passwords")
	r := c.post("/admin/account/app-passwords", url.Values{"name": {name}})
	m := createdPassword.FindStringSubmatch(r.body)
	if r.status != 200 || m == nil {
		t.Fatalf("app password: %d %.300s", r.status, r.body)
	}
	if again := c.get("/admin/account/app-passwords"); strings.Contains(again.body, m[1]) {
		t.Error("the app password is shown a second time")
	}
	return m[1]
}

// sendWithContact has a visitor write to alice's card, sharing their contact or not.
func sendWithContact(t *testing.T, k *kakaoSite, name, email string, consent bool) {
	t.Helper()
	v := newClient(t, k.srv)
	stamp := stampRe.FindStringSubmatch(v.get("/c/alice/contact").body)[1]
	k.clock.Advance(5 * time.Second)
	form := url.Values{"card": {"alice"}, "name": {name}, "email": {email}, "message": {"명함 잘 받았습니다"}, "t": {stamp},
		"share_phone": {"+82 10-5555-0101"}, "share_org": {"한빛상사"}, "share_title": {"팀장"}}
	if consent {
		form.Set("share_consent", "on")
	}
	if r := v.post("/contact", form, "HX-Request", "true"); r.status != 200 || !strings.Contains(r.body, "contact-sent") {
		t.Fatalf("message: %d %.300s", r.status, r.body)
	}
}

func davClient(t *testing.T, k *kakaoSite, login, password string) *carddav.Client {
	t.Helper()
	c, err := carddav.NewClient(webdav.HTTPClientWithBasicAuth(appDoer{k.srv}, login, password), k.srv.Config.BaseURL.String()+"/dav/")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// davNames lists the names in a member's address book, as a CardDAV client reads it.
func davNames(t *testing.T, c *carddav.Client) ([]string, error) {
	t.Helper()
	ctx := context.Background()
	home, err := c.FindAddressBookHomeSet(ctx, "/dav/")
	if err != nil {
		return nil, err
	}
	books, err := c.FindAddressBooks(ctx, home)
	if err != nil {
		return nil, err
	}
	if len(books) != 1 {
		t.Fatalf("address books: %v", books)
	}
	objs, err := c.QueryAddressBook(ctx, books[0].Path, &carddav.AddressBookQuery{DataRequest: carddav.AddressDataRequest{AllProp: true}})
	if err != nil {
		return nil, err
	}
	var names []string
	for _, o := range objs {
		names = append(names, o.Card.PreferredValue(vcard.FieldFormattedName)+"|"+o.Card.PreferredValue(vcard.FieldTelephone)+"|"+o.Card.PreferredValue(vcard.FieldOrganization))
	}
	return names, nil
}

// A visitor shares their contact by ticking the box (and only then); the inbox saves it
// as vCard 3.0 and 4.0 and the owner's CardDAV address book serves it, read-only, to a
// client signed in with an app password: never to another member, never with the
// account password, and no more once revoked. Deleting the message deletes the contact.
func TestSharedContactsReachTheAddressBook(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newKakaoSite(t, cfg)
		sendWithContact(t, k, "김방문", "kim@example.com", true)
		sendWithContact(t, k, "이거절", "lee@example.com", false)

		alice := newClient(t, k.srv)
		alice.login("alice", "alice-pass-1")
		list := alice.get("/admin/messages").body
		ids := regexp.MustCompile(`/admin/messages/(\d+)"`).FindAllStringSubmatch(list, -1)
		var shared, declined string
		for _, m := range ids {
			body := alice.get("/admin/messages/" + m[1]).body
			switch {
			case strings.Contains(body, "김방문"):
				shared = m[1]
				mustContain(t, "shared message", body, `id="save-contact"`, "&#43;82 10-5555-0101", "한빛상사", "앨리스 님에게", "동의합니다")
			case strings.Contains(body, "이거절"):
				declined = m[1]
				if strings.Contains(body, `id="save-contact"`) || strings.Contains(body, "한빛상사") {
					t.Error("a contact shared without consent was stored")
				}
			}
		}
		if shared == "" || declined == "" {
			t.Fatalf("messages not found in %v", ids)
		}
		for v, version := range map[string]string{"": "3.0", "?v=4": "4.0"} {
			r := alice.get("/admin/messages/" + shared + "/contact.vcf" + v)
			card, err := vcard.NewDecoder(strings.NewReader(r.body)).Decode()
			if err != nil || r.status != 200 {
				t.Fatalf("contact.vcf%s: %d %v", v, r.status, err)
			}
			if card.Value(vcard.FieldVersion) != version || card.PreferredValue(vcard.FieldFormattedName) != "김방문" ||
				card.PreferredValue(vcard.FieldEmail) != "kim@example.com" || card.PreferredValue(vcard.FieldTitle) != "팀장" {
				t.Errorf("contact.vcf%s: %q", v, r.body)
			}
		}
		if r := alice.get("/admin/messages/" + declined + "/contact.vcf"); r.status != 404 {
			t.Errorf("a declined contact's vCard: %d", r.status)
		}
		bob := newClient(t, k.srv)
		bob.login("bob", "bob-pass-1")
		if r := bob.get("/admin/messages/" + shared + "/contact.vcf"); r.status != 403 && r.status != 404 {
			t.Errorf("bob reads alice's visitor's contact: %d", r.status)
		}

		pw := newAppPassword(t, alice, "iPhone")
		names, err := davNames(t, davClient(t, k, "alice", pw))
		if err != nil || len(names) != 1 || names[0] != "김방문|+82 10-5555-0101|한빛상사" {
			t.Errorf("alice's address book: %v %v", names, err)
		}
		bobPW := newAppPassword(t, bob, "Android")
		if names, err := davNames(t, davClient(t, k, "bob", bobPW)); err != nil || len(names) != 0 {
			t.Errorf("bob's address book shows %v (%v)", names, err)
		}
		// Refusals: a status of 401 for every wrong pair, read-only for the right one.
		for _, c := range []struct{ login, password string }{
			{"alice", "alice-pass-1"}, {"alice", bobPW}, {"bob", pw}, {"alice", ""}, {"nobody", pw},
		} {
			req := httptest.NewRequest("PROPFIND", "/dav/addressbooks/contacts/", nil)
			req.SetBasicAuth(c.login, c.password)
			req.Header.Set("Depth", "1")
			if r := alice.send(req); r.status != 401 {
				t.Errorf("PROPFIND as %s with %.6s…: %d, want 401", c.login, c.password, r.status)
			}
		}
		put := httptest.NewRequest("PUT", "/dav/addressbooks/contacts/new.vcf", strings.NewReader("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:x\r\nEND:VCARD\r\n"))
		put.SetBasicAuth("alice", pw)
		put.Header.Set("Content-Type", "text/vcard")
		if r := alice.send(put); r.status != 403 {
			t.Errorf("PUT into the read-only address book: %d", r.status)
		}

		// Revoked: the next request is refused.
		page := alice.get("/admin/account/app-passwords").body
		id := regexp.MustCompile(`/admin/account/app-passwords/(\d+)/revoke`).FindStringSubmatch(page)
		if id == nil {
			t.Fatal("no revoke button")
		}
		if r := alice.post("/admin/account/app-passwords/"+id[1]+"/revoke", nil); r.status != 303 {
			t.Fatalf("revoke: %d", r.status)
		}
		if r := bob.post("/admin/account/app-passwords/"+id[1]+"/revoke", nil); r.status != 403 {
			t.Errorf("bob revokes alice's app password: %d", r.status)
		}
		if _, err := davNames(t, davClient(t, k, "alice", pw)); err == nil || !strings.Contains(err.Error(), "401") {
			t.Errorf("a revoked app password still syncs: %v", err)
		}

		// Deleting the message deletes the contact.
		pw2 := newAppPassword(t, alice, "Thunderbird")
		if r := alice.post("/admin/messages/"+shared+"/delete", nil); r.status != 303 {
			t.Fatalf("delete: %d", r.status)
		}
		if names, err := davNames(t, davClient(t, k, "alice", pw2)); err != nil || len(names) != 0 {
			t.Errorf("after deleting the message the address book shows %v (%v)", names, err)
		}
	})
}

// Debian's vdirsyncer, a real CardDAV client, syncs the address book into a folder of
// .vcf files; after the app password is revoked the next sync fails.
func TestVdirsyncerSyncsTheAddressBook(t *testing.T) {
	bin := needTool(t, "vdirsyncer", "vdirsyncer")
	k := newKakaoSite(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	sendWithContact(t, k, "김방문", "kim@example.com", true)
	alice := newClient(t, k.srv)
	alice.login("alice", "alice-pass-1")
	pw := newAppPassword(t, alice, "vdirsyncer")

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- k.srv.App.Listener(ln) }()
	t.Cleanup(func() {
		if err := k.srv.App.Shutdown(); err != nil {
			t.Error(err)
		}
		<-served
	})
	dir := t.TempDir()
	contacts := filepath.Join(dir, "contacts")
	conf := filepath.Join(dir, "config")
	if err := os.WriteFile(conf, []byte(`[general]
status_path = "`+filepath.Join(dir, "status")+`"

[pair sitecard]
a = "local"
b = "remote"
collections = null

[storage local]
type = "filesystem"
path = "`+contacts+`"
fileext = ".vcf"

[storage remote]
type = "carddav"
url = "http://`+ln.Addr().String()+`/dav/addressbooks/contacts/"
username = "alice"
password = "`+pw+`"
`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(contacts, 0o700); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (string, error) {
		cmd := exec.Command(bin, append([]string{"-c", conf}, args...)...)
		cmd.Env = append(os.Environ(), "HOME="+dir)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := run("discover"); err != nil {
		t.Fatalf("vdirsyncer discover: %v\n%s", err, out)
	}
	if out, err := run("sync"); err != nil {
		t.Fatalf("vdirsyncer sync: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(contacts, "*.vcf"))
	if len(files) != 1 {
		t.Fatalf("vdirsyncer wrote %v", files)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	card, err := vcard.NewDecoder(strings.NewReader(string(b))).Decode()
	if err != nil || card.PreferredValue(vcard.FieldFormattedName) != "김방문" || card.PreferredValue(vcard.FieldTelephone) != "+82 10-5555-0101" {
		t.Errorf("the synced contact: %v %q", err, b)
	}

	page := alice.get("/admin/account/app-passwords").body
	id := regexp.MustCompile(`/admin/account/app-passwords/(\d+)/revoke`).FindStringSubmatch(page)
	if id == nil {
		t.Fatal("no revoke button")
	}
	alice.post("/admin/account/app-passwords/"+id[1]+"/revoke", nil)
	if out, err := run("sync"); err == nil {
		t.Errorf("vdirsyncer synced with a revoked app password:\n%s", out)
	}
}

// The owner deletes a shared contact and keeps the message, with or without JavaScript:
// the inbox no longer offers to save it, its vCard is gone, the CardDAV book no longer
// lists it, and the other contact stays. Another member cannot delete it.
func TestSharedContactDeletedKeepsTheMessage(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newKakaoSite(t, cfg)
		sendWithContact(t, k, "김방문", "kim@example.com", true)
		sendWithContact(t, k, "박방문", "park@example.com", true)

		alice := newClient(t, k.srv)
		alice.login("alice", "alice-pass-1")
		ids := regexp.MustCompile(`/admin/messages/(\d+)"`).FindAllStringSubmatch(alice.get("/admin/messages").body, -1)
		byName := map[string]string{}
		for _, m := range ids {
			body := alice.get("/admin/messages/" + m[1]).body
			for _, name := range []string{"김방문", "박방문"} {
				if strings.Contains(body, name) {
					byName[name] = m[1]
					mustContain(t, name+"'s message", body, `id="save-contact"`, `action="/admin/messages/`+m[1]+`/contact/delete"`, "연락처 삭제")
				}
			}
		}
		kim, park := byName["김방문"], byName["박방문"]
		if kim == "" || park == "" {
			t.Fatalf("messages not found in %v", ids)
		}
		pw := newAppPassword(t, alice, "iPhone")
		book := func() []string {
			t.Helper()
			names, err := davNames(t, davClient(t, k, "alice", pw))
			if err != nil {
				t.Fatalf("alice's address book: %v", err)
			}
			var out []string
			for _, n := range names {
				out = append(out, strings.SplitN(n, "|", 2)[0])
			}
			return out
		}
		if got := book(); len(got) != 2 {
			t.Fatalf("alice's address book before: %v", got)
		}

		// Bob is refused, and the contact stays.
		bob := newClient(t, k.srv)
		bob.login("bob", "bob-pass-1")
		if r := bob.post("/admin/messages/"+kim+"/contact/delete", nil); r.status != 403 && r.status != 404 {
			t.Errorf("bob deletes alice's visitor's contact: %d", r.status)
		}
		if r := alice.get("/admin/messages/" + kim + "/contact.vcf"); r.status != 200 {
			t.Errorf("after bob's try, contact.vcf: %d", r.status)
		}

		// Without JavaScript: back to the message, which stays without the contact.
		r := alice.post("/admin/messages/"+kim+"/contact/delete", nil)
		if r.status != 303 || r.header.Get("Location") != "/admin/messages/"+kim {
			t.Fatalf("delete contact: %d → %q", r.status, r.header.Get("Location"))
		}
		page := alice.get("/admin/messages/" + kim)
		if page.status != 200 || !strings.Contains(page.body, "김방문") {
			t.Fatalf("the message went with its contact: %d", page.status)
		}
		if strings.Contains(page.body, `id="save-contact"`) || strings.Contains(page.body, "/contact/delete") {
			t.Error("the inbox still offers the deleted contact")
		}
		if r := alice.get("/admin/messages/" + kim + "/contact.vcf"); r.status != 404 {
			t.Errorf("a deleted contact's vCard: %d", r.status)
		}
		if got := book(); len(got) != 1 || got[0] != "박방문" {
			t.Errorf("alice's address book after deleting 김방문: %v", got)
		}
		if r := alice.post("/admin/messages/"+kim+"/contact/delete", nil); r.status != 404 {
			t.Errorf("deleting it again: %d", r.status)
		}

		// With htmx: the same, by HX-Redirect.
		r = alice.post("/admin/messages/"+park+"/contact/delete", nil, "HX-Request", "true")
		if r.status >= 300 || r.header.Get("HX-Redirect") != "/admin/messages/"+park {
			t.Fatalf("htmx delete contact: %d → %q", r.status, r.header.Get("HX-Redirect"))
		}
		if page := alice.get("/admin/messages/" + park); page.status != 200 || strings.Contains(page.body, `id="save-contact"`) {
			t.Errorf("after the htmx delete, the message page: %d", page.status)
		}
		if got := book(); len(got) != 0 {
			t.Errorf("alice's address book after deleting both: %v", got)
		}
	})
}
