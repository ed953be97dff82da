package main

// The third probe's costs an anonymous visitor could multiply (issue 25, items 1–3): the
// page cache's keys, the drawn files, and a card with no bound.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

var (
	createdCard = regexp.MustCompile(`^/admin/cards/(\d+)$`)
	pageEntries = regexp.MustCompile(`sitecard_cache_entries\{cache="page"\} (\d+)`)
	drawnFiles  = regexp.MustCompile(`sitecard_cache_entries\{cache="drawn"\} (\d+)`)
)

// site is what the page phases know of the site under attack: its address, the process
// (for its CPU time) and the metrics token.
type site struct {
	base, metricsToken string
	pid                int
}

// cpu is the process's CPU time so far, from /proc (user and system, 100 ticks a second).
func (s site) cpu() time.Duration {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(s.pid) + "/stat")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(raw[bytes.LastIndexByte(raw, ')')+2:]))
	ut, _ := strconv.Atoi(f[11])
	st, _ := strconv.Atoi(f[12])
	return time.Duration(ut+st) * 10 * time.Millisecond
}

// metric reads one of the site's metrics.
func (s site) metric(re *regexp.Regexp) string {
	req, _ := http.NewRequest("GET", s.base+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+s.metricsToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "?"
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if m := re.FindSubmatch(body); m != nil {
		return string(m[1])
	}
	return "?"
}

// signedIn is a browser signed in as login.
func signedIn(base, login, password string) (*browser, error) {
	b := newBrowser()
	if _, err := b.get(base + "/login"); err != nil {
		return nil, err
	}
	resp, err := b.http.PostForm(base+"/login", url.Values{"_csrf": {b.csrf}, "login": {login}, "password": {password}})
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	_, err = b.get(base + "/admin")
	return b, err
}

// publish makes a published card at slug and returns its editor's address.
func (b *browser) publish(base, slug string) (string, error) {
	resp, err := b.http.PostForm(base+"/admin/cards", url.Values{"_csrf": {b.csrf}, "slug": {slug}, "name_ko": {"카드 " + slug}})
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	m := createdCard.FindStringSubmatch(resp.Header.Get("Location"))
	if m == nil {
		return "", fmt.Errorf("creating %s: %d", slug, resp.StatusCode)
	}
	resp, err = b.http.PostForm(base+m[0]+"/settings", url.Values{"_csrf": {b.csrf}, "slug": {slug}, "published": {"on"}})
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	return m[0], nil
}

// timed fetches u n times, one after another, and returns the median time.
func timed(u string, n int) time.Duration {
	var ts []time.Duration
	for range n {
		start := time.Now()
		if resp, err := http.Get(u); err == nil {
			io.Copy(io.Discard, resp.Body) //nolint:errcheck // draining only
			resp.Body.Close()
		}
		ts = append(ts, time.Since(start))
	}
	slices.Sort(ts)
	return ts[len(ts)/2]
}

func noRedirects() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// cacheFlood: 600 spellings of one card's address, then 150 cards asked for in every
// variant (language × theme × htmx × browser: 5,400 pages, past the cache's 4,096), while
// a popular card is read between them.
func cacheFlood(s site, login, password string) error {
	b, err := signedIn(s.base, login, password)
	if err != nil {
		return err
	}
	if _, err := b.publish(s.base, "longslugcard"); err != nil {
		return err
	}
	client := noRedirects()
	var n atomic.Int64
	cpu := s.cpu()
	fmt.Printf("cache: 600 spellings of /c/longslugcard: %s; pages cached: %s; CPU %v\n", burst(600, func() (*http.Response, error) {
		k := n.Add(1)
		word := []byte("longslugcard")
		for i := range word {
			if (k>>i)&1 == 1 {
				word[i] -= 'a' - 'A'
			}
		}
		return client.Get(s.base + "/c/" + string(word) + "?lang=en")
	}), s.metric(pageEntries), s.cpu()-cpu)
	for i := range 150 {
		if _, err := b.publish(s.base, fmt.Sprintf("flood-%03d", i)); err != nil {
			return err
		}
	}
	popular := s.base + "/c/demo"
	fmt.Printf("cache: the popular card before the flood: %v a page\n", timed(popular, 50))
	cpu = s.cpu()
	var wg sync.WaitGroup
	start := time.Now()
	for _, lang := range []string{"ko", "en"} {
		for _, theme := range []string{"light", "dark", "auto"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 150 {
					for _, hx := range []string{"", "true"} {
						for _, ua := range []string{"Mozilla/5.0", "Mozilla/5.0 KAKAOTALK 10.4.5", "Mozilla/5.0 Instagram 300"} {
							req, _ := http.NewRequest("GET", fmt.Sprintf("%s/c/flood-%03d?lang=%s", s.base, i, lang), nil)
							req.Header.Set("Cookie", "theme="+theme)
							req.Header.Set("HX-Request", hx)
							req.Header.Set("User-Agent", ua)
							if resp, err := http.DefaultClient.Do(req); err == nil {
								io.Copy(io.Discard, resp.Body) //nolint:errcheck // draining only
								resp.Body.Close()
							}
						}
					}
				}
			}()
		}
	}
	during := timed(popular, 200)
	wg.Wait()
	fmt.Printf("cache: 5,400 pages of 150 cards in %v (CPU %v); the popular card meanwhile: %v a page, after: %v; pages cached: %s\n",
		time.Since(start).Round(time.Millisecond), s.cpu()-cpu, during, timed(popular, 50), s.metric(pageEntries))
	return nil
}

// drawnFlood: four clients ask for the demo card's vCard (with a photo) for five
// seconds; then the card changes and 20 clients ask for its og.png at once.
func drawnFlood(s site, login, password string) error {
	b, err := signedIn(s.base, login, password)
	if err != nil {
		return err
	}
	page, err := b.get(s.base + "/admin")
	if err != nil {
		return err
	}
	m := cardLink.FindStringSubmatch(page)
	if m == nil {
		return fmt.Errorf("/admin lists no card")
	}
	editor := s.base + "/admin/cards/" + m[1]
	if _, err := b.get(editor); err != nil {
		return err
	}
	if err := b.uploadPhoto(editor+"/photo", 800); err != nil {
		return err
	}
	for _, path := range []string{"/c/demo/vcard.vcf", "/c/demo/qr.svg?contact=1"} {
		cpu, start := s.cpu(), time.Now()
		var total int
		var mu sync.Mutex
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n := 0
				for time.Since(start) < 5*time.Second {
					if resp, err := http.Get(s.base + path); err == nil {
						io.Copy(io.Discard, resp.Body) //nolint:errcheck // draining only
						resp.Body.Close()
						n++
					}
				}
				mu.Lock()
				total += n
				mu.Unlock()
			}()
		}
		page := timed(s.base+"/c/demo", 100)
		wg.Wait()
		used := s.cpu() - cpu
		fmt.Printf("drawn: four clients, %s for 5 s: %d requests (%.0f/s), %.2f ms of CPU each; the card page meanwhile %v\n",
			path, total, float64(total)/5, float64(used.Microseconds())/1000/float64(max(total, 1)), page)
	}
	// A change, then 20 requests for the share image at once.
	resp, err := b.http.PostForm(editor+"/profile", url.Values{"_csrf": {b.csrf}, "name_ko": {"홍길동"}, "job_title": {"바뀐 직함"}})
	if err != nil {
		return err
	}
	resp.Body.Close()
	cpu := s.cpu()
	fmt.Printf("drawn: 20 requests at once for og.png of the changed card: %s, CPU %v; files kept: %s\n",
		burst(20, func() (*http.Response, error) { return http.Get(s.base + "/c/demo/og.png") }), s.cpu()-cpu, s.metric(drawnFiles))
	return nil
}

// pngOf writes a side×side PNG with a gradient (which compresses as a photo would not,
// but decodes at the same cost).
func pngOf(w io.Writer, side int) error {
	img := image.NewNRGBA(image.Rect(0, 0, side, side))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7 % 253)
	}
	return png.Encode(w, img)
}

// uploadPhoto uploads a side×side PNG as the card's photo.
func (b *browser) uploadPhoto(target string, side int) error {
	var form bytes.Buffer
	w := multipart.NewWriter(&form)
	fw, err := w.CreateFormFile("photo", "me.png")
	if err != nil {
		return err
	}
	if err := pngOf(fw, side); err != nil {
		return err
	}
	w.Close() //nolint:errcheck // a bytes.Buffer
	req, _ := http.NewRequest("POST", target, &form)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("X-CSRF-Token", b.csrf)
	resp, err := b.http.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("photo upload: %d", resp.StatusCode)
	}
	return nil
}

// bigCard: the probe's five imports of a 0.7 MB JSON Resume (20,000 entries each), then
// the card's page and cv.pdf.
func bigCard(s site, login, password string) error {
	b, err := signedIn(s.base, login, password)
	if err != nil {
		return err
	}
	editor, err := b.publish(s.base, "bigcard")
	if err != nil {
		return err
	}
	var work []map[string]string
	for i := range 20_000 {
		work = append(work, map[string]string{"name": "C" + strconv.Itoa(i)})
	}
	file, _ := json.Marshal(map[string]any{"basics": map[string]string{"name": "Big", "summary": strings.Repeat("가", 2000)}, "work": work})
	if _, err := b.get(s.base + editor); err != nil {
		return err
	}
	var answers []string
	for range 5 {
		answers = append(answers, b.importFile(s.base+editor, file))
	}
	fmt.Printf("bigcard: five imports of a %.1f MB file of %d entries: %s\n", float64(len(file))/1e6, len(work), strings.Join(answers, ", "))
	// Files under the bounds, imported until the card is full.
	answers = nil
	small, _ := json.Marshal(map[string]any{"basics": map[string]string{"name": "Big"}, "work": work[:90]})
	for range 7 {
		answers = append(answers, b.importFile(s.base+editor, small))
	}
	fmt.Printf("bigcard: seven imports of 90 entries each: %s\n", strings.Join(answers, ", "))
	for _, path := range []string{"/c/bigcard", "/c/bigcard/cv.pdf"} {
		start := time.Now()
		resp, err := http.Get(s.base + path)
		if err != nil {
			return err
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		fmt.Printf("bigcard: %s: %d, %d bytes in %v\n", path, resp.StatusCode, n, time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// importFile posts a JSON Resume to the editor's import, as the preview's button does,
// and returns the answer with its first problem.
func (b *browser) importFile(editor string, file []byte) string {
	resp, err := b.http.PostForm(editor+"/import/apply", url.Values{"_csrf": {b.csrf}, "mode": {"append"}, "resume": {string(file)}})
	if err != nil {
		return "error"
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	answer := strconv.Itoa(resp.StatusCode)
	if i := bytes.Index(body, []byte("<li>")); i >= 0 {
		if j := bytes.Index(body[i:], []byte("</li>")); j > 0 {
			answer += " (" + string(body[i+4:i+j]) + ")"
		}
	}
	return answer
}
