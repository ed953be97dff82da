package main

import (
	"os"
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
