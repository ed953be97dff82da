// Command growth times what an admin, a member and a visitor see on a large site (seeded
// by bench/growth.sql): each page n times, one request at a time, with its p50, p95 and
// p99 and its size. bench/growth.sh seeds the site, starts it and runs this.
//
//	go run ./bench/growth -url http://127.0.0.1:18094 -password … -n 200
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)"`)

func main() {
	base := flag.String("url", "http://127.0.0.1:8000", "the site")
	password := flag.String("password", "", "the admin's password, which every seeded member shares")
	n := flag.Int("n", 200, "requests per page")
	flag.Parse()
	if err := run(*base, *password, *n); err != nil {
		fmt.Fprintln(os.Stderr, "growth:", err)
		os.Exit(1)
	}
}

type browser struct {
	http *http.Client
	csrf string
}

func signIn(base, login, password string) (*browser, error) {
	jar, _ := cookiejar.New(nil)
	b := &browser{http: &http.Client{Jar: jar, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if _, _, err := b.do("GET", base+"/login", nil, ""); err != nil {
		return nil, err
	}
	form := url.Values{"_csrf": {b.csrf}, "login": {login}, "password": {password}}.Encode()
	status, _, err := b.do("POST", base+"/login", strings.NewReader(form), "application/x-www-form-urlencoded")
	if err != nil {
		return nil, err
	}
	if status != http.StatusSeeOther {
		return nil, fmt.Errorf("signing in as %s: %d", login, status)
	}
	_, _, err = b.do("GET", base+"/admin", nil, "")
	return b, err
}

func (b *browser) do(method, u string, body io.Reader, contentType string) (int, []byte, error) {
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		return 0, nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if b.csrf != "" && method == "POST" {
		req.Header.Set("X-CSRF-Token", b.csrf)
	}
	resp, err := b.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if m := csrfMeta.FindSubmatch(out); m != nil {
		b.csrf = string(m[1])
	}
	return resp.StatusCode, out, err
}

// probe is one page to time: request i of n is made by send.
type probe struct {
	name string
	send func(i int) (int, []byte, error)
}

func run(base, password string, n int) error {
	admin, err := signIn(base, "admin", password)
	if err != nil {
		return err
	}
	member, err := signIn(base, "member-7", password)
	if err != nil {
		return err
	}
	visitor := &browser{http: &http.Client{Timeout: 60 * time.Second}}
	if err := attachResume(base, admin); err != nil {
		return err
	}
	get := func(b *browser, path string) func(int) (int, []byte, error) {
		return func(int) (int, []byte, error) { return b.do("GET", base+path, nil, "") }
	}
	probes := []probe{
		{"dashboard, admin", get(admin, "/admin")},
		{"dashboard, admin, page 400", get(admin, "/admin?page=400")},
		{"dashboard, member", get(member, "/admin")},
		{"sources, site, 90 days", get(admin, "/admin/sources?site=1&days=90")},
		{"sources, member, 90 days", get(member, "/admin/sources?days=90")},
		{"sources.csv, member, 90 days", get(member, "/admin/sources.csv?days=90")},
		{"inbox, first page", get(admin, "/admin/messages")},
		{"inbox, last page", get(admin, "/admin/messages?page=oldest")},
		{"inbox, failed", get(admin, "/admin/messages?state=failed")},
		{"inbox, member", get(member, "/admin/messages")},
		{"members", get(admin, "/admin/members")},
		{"members, search", get(admin, "/admin/members?q=member-1")},
		{"sitemap.xml", get(visitor, "/sitemap.xml")},
		// A different card each time: none of them is in the page cache yet.
		{"card page, uncached", func(i int) (int, []byte, error) {
			return visitor.do("GET", fmt.Sprintf("%s/c/card-%d", base, 1+(i*37)%10000), nil, "")
		}},
		{"chat, 5-page résumé", func(i int) (int, []byte, error) {
			q := []string{"Where did you work in 2019?", "Which databases do you know?", "이메일 주소가 뭐예요?", "What did you study?"}[i%4]
			body, _ := json.Marshal(map[string]string{"card": "card-1", "question": q})
			return visitor.do("POST", base+"/chat/", bytes.NewReader(body), "application/json")
		}},
	}
	fmt.Printf("%-28s %8s %8s %8s %9s\n", "page", "p50", "p95", "p99", "size")
	for _, p := range probes {
		for i := range 3 { // warm the connection and the database's buffers
			if _, _, err := p.send(n + i); err != nil {
				return err
			}
		}
		times := make([]time.Duration, 0, n)
		size := 0
		for i := range n {
			start := time.Now()
			status, body, err := p.send(i)
			if err != nil {
				return fmt.Errorf("%s: %w", p.name, err)
			}
			if status != http.StatusOK {
				return fmt.Errorf("%s: %d %.200s", p.name, status, body)
			}
			times = append(times, time.Since(start))
			size = max(size, len(body))
		}
		slices.Sort(times)
		pct := func(q float64) string {
			return fmt.Sprintf("%.1fms", float64(times[int(q*float64(len(times)-1))].Microseconds())/1000)
		}
		fmt.Printf("%-28s %8s %8s %8s %7.1fKB\n", p.name, pct(.5), pct(.95), pct(.99), float64(size)/1024)
	}
	return nil
}

// attachResume uploads a five-page résumé to card-1 and waits until the chatbot quotes it.
func attachResume(base string, admin *browser) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetFont("Helvetica", "", 11)
	for page := range 5 {
		pdf.AddPage()
		pdf.Cell(0, 10, fmt.Sprintf("Experience, part %d", page+1))
		pdf.Ln(12)
		for line := range 40 {
			pdf.Cell(0, 6, fmt.Sprintf("%d: Ran Kubernetes clusters and PostgreSQL at Example Corp. (project %d.%d), on-call for payments.", 2015+line%10, page, line))
			pdf.Ln(6)
		}
	}
	var file bytes.Buffer
	if err := pdf.Output(&file); err != nil {
		return err
	}
	_, page, err := admin.do("GET", base+"/admin?q=card-1", nil, "")
	if err != nil {
		return err
	}
	m := regexp.MustCompile(`/admin/cards/(\d+)"`).FindSubmatch(page)
	if m == nil {
		return fmt.Errorf("card-1 is not on the admin's dashboard")
	}
	var form bytes.Buffer
	w := newMultipart(&form, "resume", "resume.pdf", file.Bytes())
	status, body, err := admin.do("POST", base+"/admin/cards/"+string(m[1])+"/resume", &form, w)
	if err != nil {
		return err
	}
	if status != http.StatusSeeOther && status != http.StatusOK {
		return fmt.Errorf("résumé upload: %d %.300s", status, body)
	}
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		body, _ := json.Marshal(map[string]string{"card": "card-1", "question": "Have you used Kubernetes?"})
		_, answer, err := admin.do("POST", base+"/chat/", bytes.NewReader(body), "application/json")
		if err != nil {
			return err
		}
		if bytes.Contains(answer, []byte("Kubernetes")) {
			return nil
		}
		time.Sleep(time.Second) // the indexing job runs each minute
	}
	return fmt.Errorf("the chatbot never quoted the résumé")
}
