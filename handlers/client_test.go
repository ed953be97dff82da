package handlers_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"sitecard/internal/server"
)

// client is a browser stand-in for app.Test: it keeps cookies and the CSRF token.
type client struct {
	t       *testing.T
	srv     *server.Server
	cookies map[string]string
	csrf    string
	// dbDown says the test took the database away: a 503 is then the right answer.
	dbDown bool
}

func newClient(t *testing.T, srv *server.Server) *client {
	return &client{t: t, srv: srv, cookies: map[string]string{}}
}

var (
	csrfMeta  = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)
	scriptTag = regexp.MustCompile(`<script[^>]*>`)
)

func (c *client) send(req *http.Request) response {
	c.t.Helper()
	var jar []string
	for k, v := range c.cookies {
		jar = append(jar, k+"="+v)
	}
	if len(jar) > 0 {
		req.Header.Set("Cookie", strings.Join(jar, "; "))
	}
	// The browser is at BASE_URL's host, as the README tells owners to be.
	if req.Host == "example.com" {
		req.Host = c.srv.Config.BaseURL.Host
	}
	resp, err := c.srv.App.Test(req, -1)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	for _, ck := range resp.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	r := response{status: resp.StatusCode, header: resp.Header, body: string(b)}
	if r.status >= 500 && !(c.dbDown && r.status == http.StatusServiceUnavailable) {
		c.t.Errorf("%s %s answered %d", req.Method, req.URL, r.status)
	}
	// Every page the tests see is held to the CSP: scripts come from files only.
	for _, tag := range scriptTag.FindAllString(r.body, -1) {
		if !strings.Contains(tag, " src=") && !strings.Contains(tag, `type="application/ld+json"`) {
			c.t.Errorf("%s %s: inline script %s", req.Method, req.URL, tag)
		}
	}
	// Only a page whose own policy lets inline styles in (the email signature's preview,
	// which has no script at all) may have them.
	inlineStyles := strings.Contains(r.header.Get("Content-Security-Policy"), "style-src 'unsafe-inline'")
	if strings.Contains(r.body, " style=\"") && !inlineStyles || strings.Contains(r.body, " onclick=") {
		c.t.Errorf("%s %s: inline style or handler, which the CSP blocks", req.Method, req.URL)
	}
	if m := csrfMeta.FindStringSubmatch(r.body); m != nil {
		c.csrf = m[1]
	}
	return r
}

func (c *client) get(path string, headers ...string) response {
	c.t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return c.send(req)
}

// post sends a form with the client's CSRF token (unless the form sets _csrf itself).
func (c *client) post(path string, form url.Values, headers ...string) response {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		form.Set("_csrf", c.csrf)
	}
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return c.send(req)
}

// upload posts one file as multipart form data.
func (c *client) upload(path, field, filename string, data []byte) response {
	c.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	err := w.WriteField("_csrf", c.csrf)
	if err == nil {
		var fw io.Writer
		if fw, err = w.CreateFormFile(field, filename); err == nil {
			_, err = fw.Write(data)
		}
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		c.t.Fatal(err)
	}
	req := httptest.NewRequest("POST", path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.send(req)
}

// login signs in and fails the test if it does not work.
func (c *client) login(login, password string) {
	c.t.Helper()
	c.get("/login")
	r := c.post("/login", url.Values{"login": {login}, "password": {password}, "next": {"/admin"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin" {
		c.t.Fatalf("login %s: status %d, location %q, body %.300s", login, r.status, r.header.Get("Location"), r.body)
	}
	c.get("/admin") // picks up a CSRF token bound to the new session
}

// atOnce runs fn for every client at the same time and counts the statuses it returns.
func atOnce(clients []*client, fn func(c *client) int) map[int]int {
	var mu sync.Mutex
	counts := map[int]int{}
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Go(func() {
			s := fn(c)
			mu.Lock()
			counts[s]++
			mu.Unlock()
		})
	}
	wg.Wait()
	return counts
}
