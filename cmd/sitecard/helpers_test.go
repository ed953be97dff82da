package main

import (
	"net"
	"regexp"
	"strconv"
	"testing"

	// The tests read PDFs through pdftext's child: this test binary serves it.
	_ "sitecard/internal/pdftext/pdfchild"
)

// csrfField finds a form's CSRF token in a page.
var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// freePort is a port on 127.0.0.1 that nothing listens on.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}
