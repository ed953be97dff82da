package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sitecard/internal/config"
)

// The Dockerfile and the README describe this binary; Docker cannot run here, so they
// are kept honest by reading them.

func TestDockerfileBuildsASmallNonRootImage(t *testing.T) {
	raw, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	df := string(raw)
	if strings.Count(df, "\nFROM ") < 1 || !strings.HasPrefix(strings.SplitN(df, "FROM", 2)[1], " golang:") {
		t.Error("Dockerfile is not a multi-stage build from golang")
	}
	if !regexp.MustCompile(`(?m)^USER nonroot`).MatchString(df) {
		t.Error("the image does not run as a non-root user")
	}
	if regexp.MustCompile(`(?m)^(COPY|ADD)[^\n]*\.env`).MatchString(df) {
		t.Error("the Dockerfile copies a .env into the image")
	}
	ignore, err := os.ReadFile("../../.dockerignore")
	if err != nil || !regexp.MustCompile(`(?m)^\.env$`).Match(ignore) {
		t.Error(".dockerignore does not keep .env out of the build context")
	}
}

// docs/configuration.md has a row for every setting Load reads, with its default, and no
// row for a setting that is gone.
func TestDocsConfigurationListsEverySetting(t *testing.T) {
	doc, err := os.ReadFile("../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string][]string{} // variable → the default cells of its rows
	for _, m := range regexp.MustCompile("(?m)^\\| `([A-Z0-9_]+)` \\|([^|]*)\\|").FindAllStringSubmatch(string(doc), -1) {
		rows[m[1]] = append(rows[m[1]], strings.TrimSpace(m[2]))
	}
	known := map[string]bool{}
	for _, v := range config.Variables() {
		known[v.Name] = true
		cells := rows[v.Name]
		if len(cells) != 1 {
			t.Errorf("docs/configuration.md has %d rows for %s, want 1", len(cells), v.Name)
			continue
		}
		// A default written in words, "(generated into …)", is described, not quoted.
		want := ""
		if v.Default != "" {
			want = "`" + v.Default + "`"
		}
		if !strings.HasPrefix(v.Default, "(") && cells[0] != want {
			t.Errorf("docs/configuration.md gives %s the default %q, the code %q", v.Name, cells[0], want)
		}
	}
	for name := range rows {
		if !known[name] {
			t.Errorf("docs/configuration.md documents %s, which config.Variables does not list", name)
		}
	}
}

// docs/architecture.md's package table names every package of the module, so that a
// reader finds each one with its purpose, and only folders that are there, so that it
// does not go stale as the README's layout table did.
func TestDocsArchitectureListsEveryPackage(t *testing.T) {
	doc, err := os.ReadFile("../../docs/architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z0-9_./-]+)` \\|").FindAllStringSubmatch(string(doc), -1) {
		listed[m[1]] = true
	}
	if len(listed) == 0 {
		t.Fatal("docs/architecture.md has no package table")
	}
	for name := range listed {
		if st, err := os.Stat(filepath.Join("../..", filepath.FromSlash(name))); err != nil || !st.IsDir() {
			t.Errorf("docs/architecture.md lists %s, which is not a folder of the repository", name)
		}
	}
	err = filepath.WalkDir("../..", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel("../..", p)
		if strings.HasPrefix(d.Name(), ".") && rel != "." || d.Name() == "testdata" || d.Name() == "data" {
			return filepath.SkipDir
		}
		files, _ := filepath.Glob(filepath.Join(p, "*.go"))
		hasCode := false
		for _, f := range files {
			hasCode = hasCode || !strings.HasSuffix(f, "_test.go")
		}
		if !hasCode {
			return nil
		}
		name := filepath.ToSlash(rel)
		if !listed[name] {
			t.Errorf("docs/architecture.md's package table does not list %s", name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
