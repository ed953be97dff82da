package server

import (
	"net"
	"net/url"
	"testing"
)

// A site run on another port of this machine than BASE_URL says is told the BASE_URL to
// set; a public BASE_URL behind a proxy is left alone.
func TestLocalBaseURLNamesTheRightPort(t *testing.T) {
	at := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 9000}
	for base, want := range map[string]string{
		"http://localhost:8000":    "http://localhost:9000",
		"http://127.0.0.1:8000/x":  "http://127.0.0.1:9000/x",
		"http://localhost:9000":    "",
		"https://card.example.com": "",
		"http://[::1]:8000":        "http://[::1]:9000",
	} {
		u, _ := url.Parse(base)
		if got := localBaseURL(u, at); got != want {
			t.Errorf("%s: %q, want %q", base, got, want)
		}
	}
}
