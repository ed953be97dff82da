package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"sitecard/internal/testutil"
)

// No package of sitecard's own that the binary links imports testing or a test helper
// (mailfaketest, testutil): they stay in the tests. Fiber's utils packages import testing
// for their own assertions; that is Fiber's, outside this check.
func TestBinaryLinksNoTestHelpers(t *testing.T) {
	_, err := exec.LookPath("go")
	testutil.Require(t, err == nil, "no go command on PATH")
	out, err := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}} {{join .Imports " "}}`, ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	seen := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || !strings.HasPrefix(f[0], "sitecard") {
			continue
		}
		seen++
		for _, bad := range []string{"testing", "net/http/httptest", "sitecard/internal/testutil", "sitecard/internal/mailer/mailfake/mailfaketest"} {
			if slices.Contains(f[1:], bad) {
				t.Errorf("%s, linked into the binary, imports %s", f[0], bad)
			}
		}
	}
	if seen < 10 {
		t.Fatalf("go list named %d of sitecard's packages: %s", seen, out)
	}
}
