package config_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"sitecard/config"
)

type composeFile struct {
	Services map[string]struct {
		Image       string            `yaml:"image"`
		Build       any               `yaml:"build"`
		Command     any               `yaml:"command"`
		Environment map[string]string `yaml:"environment"`
		DependsOn   map[string]struct {
			Condition string `yaml:"condition"`
		} `yaml:"depends_on"`
		Healthcheck *struct {
			Test []string `yaml:"test"`
		} `yaml:"healthcheck"`
		Volumes  []string `yaml:"volumes"`
		Profiles []string `yaml:"profiles"`
	} `yaml:"services"`
	Volumes map[string]any `yaml:"volumes"`
}

// Docker cannot run here, so compose.yaml is kept honest by reading it.
func TestComposeMatchesTheConfig(t *testing.T) {
	raw, err := os.ReadFile("../compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cf composeFile
	if err := yaml.Unmarshal(raw, &cf); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	app, db := cf.Services["app"], cf.Services["db"]
	if app.Build == nil || app.Healthcheck == nil {
		t.Error("app must be built from the Dockerfile and have a health check")
	}
	if !regexp.MustCompile(`^mariadb:(10\.11|11\.4)`).MatchString(db.Image) {
		t.Errorf("db image %q, want mariadb 10.11 or 11.4", db.Image)
	}
	if db.Healthcheck == nil || !slices.Contains(db.Healthcheck.Test, "healthcheck.sh") {
		t.Error("db has no health check")
	}
	if app.DependsOn["db"].Condition != "service_healthy" {
		t.Error("app does not wait for a healthy db")
	}
	if cmd, err := yaml.Marshal(db.Command); err != nil || !strings.Contains(string(cmd), "utf8mb4") {
		t.Error("db is not started with utf8mb4")
	}
	if db.Environment["TZ"] == "" || app.Environment["TZ"] == "" {
		t.Error("TZ is not set on both services")
	}
	named := func(vols []string) bool {
		for _, v := range vols {
			if _, ok := cf.Volumes[strings.Split(v, ":")[0]]; ok {
				return true
			}
		}
		return false
	}
	if !named(db.Volumes) || !named(app.Volumes) {
		t.Error("db and app data must live on named volumes")
	}

	known := map[string]bool{"TZ": true} // TZ is read by Go's time package, not by Config
	for _, v := range config.Variables() {
		known[v.Name] = true
	}
	for name := range app.Environment {
		if !known[name] {
			t.Errorf("compose sets %s for the app, but the config never reads it", name)
		}
	}
	for _, must := range []string{"DATABASE_URL", "SECRET_KEY", "BASE_URL"} {
		if app.Environment[must] == "" {
			t.Errorf("compose does not set %s for the app", must)
		}
	}
	if !strings.HasPrefix(app.Environment["DATABASE_URL"], "mysql://") || !strings.Contains(app.Environment["DATABASE_URL"], "@db:3306/") {
		t.Errorf("DATABASE_URL %q does not point at the db service", app.Environment["DATABASE_URL"])
	}

	// Every ${VAR} compose interpolates is documented in .env.example.
	example, err := os.ReadFile("../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`\$\{([A-Z_]+)`).FindAllStringSubmatch(string(raw), -1) {
		if !regexp.MustCompile(`(?m)^` + m[1] + `=`).Match(example) {
			t.Errorf(".env.example lacks %s, which compose.yaml uses", m[1])
		}
	}
}
