package config_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"sitecard/internal/config"
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
	raw, err := os.ReadFile("../../compose.yaml")
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
	example, err := os.ReadFile("../../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`\$\{([A-Z][A-Z0-9_]*)`).FindAllStringSubmatch(string(raw), -1) {
		if !regexp.MustCompile(`(?m)^` + m[1] + `=`).Match(example) {
			t.Errorf(".env.example lacks %s, which compose.yaml uses", m[1])
		}
	}
}

// The scale profile runs a second replica of the very same app behind a proxy that
// balances between the two.
func TestComposeScaleProfile(t *testing.T) {
	raw, err := os.ReadFile("../../compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cf struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			Environment map[string]string `yaml:"environment"`
			Profiles    []string          `yaml:"profiles"`
			Command     []string          `yaml:"command"`
			Healthcheck *struct{}         `yaml:"healthcheck"`
			Volumes     []string          `yaml:"volumes"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(raw, &cf); err != nil {
		t.Fatal(err)
	}
	app, replica, proxy := cf.Services["app"], cf.Services["app-2"], cf.Services["proxy-scale"]
	if replica.Image != app.Image || replica.Healthcheck == nil || !slices.Contains(replica.Profiles, "scale") {
		t.Errorf("app-2 is not a scale-profile replica of app: %+v", replica)
	}
	for k, v := range app.Environment {
		if replica.Environment[k] != v {
			t.Errorf("app-2's %s differs from app's", k)
		}
	}
	if slices.Equal(replica.Volumes, app.Volumes) {
		t.Error("the replicas share a data volume")
	}
	cmd := strings.Join(proxy.Command, " ")
	if !slices.Contains(proxy.Profiles, "scale") || !strings.Contains(cmd, "--to app:8000") || !strings.Contains(cmd, "--to app-2:8000") {
		t.Errorf("proxy-scale does not balance the two replicas: %q", cmd)
	}
}
