package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// The README is what a newcomer reads first: the pitch, the two commands, the fakes and
// the links. The reference lives under docs/, so that the README does not grow back into
// a manual.
func TestREADMEStaysShort(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const most = 8 << 10
	if len(readme) > most {
		t.Errorf("README.md is %d bytes, more than %d: move the reference into docs/", len(readme), most)
	}
	// .ci/run says it runs the README's test command; both say the same.
	ci, err := os.ReadFile("../../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"go run ./cmd/sitecard ", "go run ./internal/testutil/skipsummary ./... "} {
		if !strings.Contains(string(readme), "\n"+cmd) {
			t.Errorf("the README's first commands lack %q", strings.TrimSpace(cmd))
		}
	}
	if !regexp.MustCompile(`(?m)^go run \./internal/testutil/skipsummary \./\.\.\.$`).Match(ci) || !strings.Contains(string(readme), "bash .ci/run") {
		t.Error("the README and .ci/run no longer name the same test command and CI entry")
	}
}

// Every relative link in README.md and docs/*.md leads to a file of the repository, and
// a link to a heading of a Markdown file (file.md#heading) to a heading it has.
func TestDocsLinksResolve(t *testing.T) {
	files, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, "../../README.md")
	checked := 0
	for _, file := range files {
		for _, target := range relativeLinks(t, file) {
			checked++
			path, anchor, _ := strings.Cut(target, "#")
			dest := file // "#heading" alone is this file's
			if path != "" {
				dest = filepath.Join(filepath.Dir(file), filepath.FromSlash(path))
			}
			rel, _ := filepath.Rel("../..", dest)
			if strings.HasPrefix(rel, "..") {
				t.Errorf("%s links to %s, outside the repository", file, target)
				continue
			}
			if _, err := os.Stat(dest); err != nil {
				t.Errorf("%s links to %s, which does not exist", file, target)
				continue
			}
			if anchor != "" && strings.HasSuffix(dest, ".md") && !headings(t, dest)[anchor] {
				t.Errorf("%s links to %s, but %s has no heading #%s", file, target, rel, anchor)
			}
		}
	}
	if checked < 20 {
		t.Fatalf("found only %d relative links: the link pattern is broken", checked)
	}
}

var (
	mdLink   = regexp.MustCompile(`!?\[[^\]]*\]\(([^)\s]+)\)`)
	htmlSrc  = regexp.MustCompile(`<img [^>]*src="([^"]+)"`)
	external = regexp.MustCompile(`^[a-z][a-z0-9+.-]*:`)
)

// relativeLinks is every link target in a Markdown file outside its code blocks that is
// not an absolute URL (http:, mailto:, kakaotalk:, …).
func relativeLinks(t *testing.T, file string) []string {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	fenced := false
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		line = regexp.MustCompile("`[^`]*`").ReplaceAllString(line, "")
		for _, re := range []*regexp.Regexp{mdLink, htmlSrc} {
			for _, m := range re.FindAllStringSubmatch(line, -1) {
				if !external.MatchString(m[1]) {
					out = append(out, m[1])
				}
			}
		}
	}
	return out
}

// headings is the anchors GitHub gives a Markdown file's headings: lower-cased, with
// punctuation dropped and spaces made hyphens.
func headings(t *testing.T, file string) map[string]bool {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	anchors := map[string]bool{}
	fenced := false
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
		}
		if fenced || !strings.HasPrefix(line, "#") {
			continue
		}
		title := strings.TrimSpace(strings.TrimLeft(line, "#"))
		var b strings.Builder
		for _, r := range strings.ToLower(title) {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			}
		}
		anchors[b.String()] = true
	}
	return anchors
}

// docs/testing.md's table names every fuzz target of the module with its package, so that
// whoever changes a parser finds the target that holds it to its promise.
func TestDocsTestingListsEveryFuzzTarget(t *testing.T) {
	doc, err := os.ReadFile("../../docs/testing.md")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `(Fuzz\\w+)` \\| `\\./([\\w/]+)` \\|").FindAllStringSubmatch(string(doc), -1) {
		listed[m[2]+" "+m[1]] = true
	}
	fuzz := regexp.MustCompile(`(?m)^func (Fuzz\w+)\(f \*testing\.F\)`)
	found := 0
	err = filepath.WalkDir("../..", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != "../.." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		pkg, _ := filepath.Rel("../..", filepath.Dir(p))
		for _, m := range fuzz.FindAllSubmatch(src, -1) {
			found++
			if key := filepath.ToSlash(pkg) + " " + string(m[1]); !listed[key] {
				t.Errorf("docs/testing.md's fuzz table lacks %s in ./%s", m[1], filepath.ToSlash(pkg))
			} else {
				delete(listed, key)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == 0 {
		t.Fatal("found no fuzz target: the pattern is broken")
	}
	for key := range listed {
		t.Errorf("docs/testing.md lists %s, which is no fuzz target of that package", key)
	}
}
