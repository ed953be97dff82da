package main

import (
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"sitecard/internal/testutil"
)

// pkg is one package the binary links, as go list tells it.
type pkg struct {
	path, dir string
	imports   []string
	files     []string
}

func linked(t *testing.T) map[string]pkg {
	t.Helper()
	_, err := exec.LookPath("go")
	testutil.Require(t, err == nil, "no go command on PATH")
	out, err := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}}|{{.Dir}}|{{join .Imports " "}}|{{join .GoFiles " "}}`, ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string]pkg{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "|")
		if len(f) != 4 {
			t.Fatalf("go list line %q", line)
		}
		pkgs[f[0]] = pkg{path: f[0], dir: f[1], imports: strings.Fields(f[2]), files: strings.Fields(f[3])}
	}
	return pkgs
}

// No package of sitecard's own that the binary links imports testing or a test helper
// (mailfaketest, testutil): they stay in the tests.
func TestBinaryLinksNoTestHelpers(t *testing.T) {
	pkgs := linked(t)
	seen := 0
	for _, p := range pkgs {
		if !strings.HasPrefix(p.path, "sitecard") {
			continue
		}
		seen++
		for _, bad := range []string{"testing", "net/http/httptest", "sitecard/internal/testutil", "sitecard/internal/mailer/mailfake/mailfaketest"} {
			if slices.Contains(p.imports, bad) {
				t.Errorf("%s, linked into the binary, imports %s", p.path, bad)
			}
		}
	}
	if seen < 10 {
		t.Fatalf("go list named %d of sitecard's packages", seen)
	}
}

// testingImporters are the only packages of the binary allowed to import testing: Fiber
// v2's utils and github.com/gofiber/utils (which gofiber/template/html imports) each have
// an assertions.go of helpers for Fiber's own tests (AssertEqual), in the package
// itself, in every v2 release up to v2.52.15 and utils v1.2.0, the newest there are.
// Fiber imports its utils from its root package, so any program on Fiber v2 links
// testing; `go list -deps ./cmd/sitecard | grep -c '^testing$'` prints 1 for that
// reason alone. Should a release drop it, this test still passes; should any other
// package start to import testing, it fails.
var testingImporters = map[string]string{
	"github.com/gofiber/fiber/v2/utils": "assertions.go",
	"github.com/gofiber/utils":          "assertions.go",
}

// The binary links testing only through Fiber's utils packages, only by their
// assertions.go, and only because Fiber's own packages import them: no sitecard
// package imports either directly.
func TestTestingReachesTheBinaryOnlyThroughFibersAssertions(t *testing.T) {
	pkgs := linked(t)
	for _, p := range pkgs {
		if !slices.Contains(p.imports, "testing") {
			continue
		}
		file, allowed := testingImporters[p.path]
		if !allowed {
			t.Errorf("%s, linked into the binary, imports testing", p.path)
			continue
		}
		for _, name := range p.files {
			f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(p.dir, name), nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				if path, _ := strconv.Unquote(imp.Path.Value); path == "testing" && name != file {
					t.Errorf("%s imports testing in %s, not only in %s", p.path, name, file)
				}
			}
		}
	}
	for utils := range testingImporters {
		for _, p := range pkgs {
			if slices.Contains(p.imports, utils) && !strings.HasPrefix(p.path, "github.com/gofiber/") {
				t.Errorf("%s imports %s, which links testing: only Fiber's own packages do", p.path, utils)
			}
		}
	}
}
