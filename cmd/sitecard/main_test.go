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

func TestREADMEDocumentsEverySetting(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range config.Variables() {
		if !strings.Contains(string(readme), "| `"+v.Name+"` |") {
			t.Errorf("README's settings table lacks %s", v.Name)
		}
	}
}

// The README's layout table names every package of the module, so that a reader finds
// each one with its purpose.
func TestREADMELayoutListsEveryPackage(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	layout := string(readme)
	if i := strings.Index(layout, "## Layout"); i >= 0 {
		layout = layout[i:]
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
		if !strings.Contains(layout, "`"+name+"`") {
			t.Errorf("the README's layout table does not list %s", name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
