package vcard_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"sitecard/internal/vcard"
	"sitecard/models"
	"sitecard/services"
)

func TestVCardEscapesAndFolds(t *testing.T) {
	c := services.DemoCard(time.Now())
	c.JobTitle = "Go, SQL; and\nmore"
	c.Summary = strings.Repeat("가나다라마바사", 20)
	out := vcard.Card(c, vcard.Options{Version: 3, Lang: "ko", URL: "https://x.example/c/demo", Photo: []byte{0xff, 0xd8, 0xff}})
	if !strings.Contains(out, `TITLE:Go\, SQL\; and\nmore`+"\r\n") {
		t.Errorf("title not escaped:\n%s", out)
	}
	if !strings.Contains(out, "PHOTO;ENCODING=b;TYPE=JPEG:/9j/\r\n") {
		t.Errorf("photo missing:\n%s", out)
	}
	checkLines(t, out)
}

func checkLines(t *testing.T, out string) {
	t.Helper()
	if !strings.HasPrefix(out, "BEGIN:VCARD\r\nVERSION:3.0\r\n") || !strings.HasSuffix(out, "END:VCARD\r\n") {
		t.Fatalf("not a vCard 3.0:\n%q", out)
	}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Fatalf("line of %d octets: %q", len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Fatalf("folding split a character: %q", line)
		}
	}
}

func FuzzVCard(f *testing.F) {
	f.Add("홍길동", "Gildong Hong", "dev, ops; \\ lead", "+82 10", "a\r\nb")
	f.Fuzz(func(t *testing.T, ko, en, job, phone, summary string) {
		for _, s := range []string{ko, en, job, phone, summary} {
			if !utf8.ValidString(s) {
				return
			}
		}
		c := &models.Card{NameKo: ko, NameEn: en, JobTitle: job, Phone: phone, Summary: summary, Email: "a@b.c"}
		out := vcard.Card(c, vcard.Options{Version: 3, Lang: "ko", URL: "https://x.example/c/x"})
		checkLines(t, out)
		// Every value stays on its own logical line: no raw line break survives escaping.
		unfolded := strings.ReplaceAll(out, "\r\n ", "")
		if n := strings.Count(unfolded, "\r\n"); n < 6 {
			t.Fatalf("only %d lines", n)
		}
		for _, line := range strings.Split(unfolded, "\r\n") {
			if strings.ContainsAny(line, "\r\n") {
				t.Fatalf("raw line break inside %q", line)
			}
		}
	})
}
