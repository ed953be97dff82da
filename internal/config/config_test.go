package config_test

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sitecard/internal/config"
)

func load(t *testing.T, env map[string]string) (*config.Config, error) {
	t.Helper()
	if _, ok := env["DATA_DIR"]; !ok {
		env["DATA_DIR"] = t.TempDir()
	}
	return config.Load(func(k string) string { return env[k] })
}

func TestDefaultsJustWork(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "missing", "data")
	cfg, err := load(t, map[string]string{"DATA_DIR": dir})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:8000" || cfg.BaseURL.String() != "http://localhost:8000" || cfg.Dialect != config.SQLite || cfg.LogLevel != slog.LevelInfo {
		t.Errorf("defaults: %+v", cfg)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Errorf("missing data folder was not created: %v", err)
	}
	if !cfg.SecretGenerated || len(cfg.SecretKey) < 32 {
		t.Fatal("no secret generated")
	}
	again, err := load(t, map[string]string{"DATA_DIR": dir})
	if err != nil || string(again.SecretKey) != string(cfg.SecretKey) {
		t.Error("the generated secret is not kept across restarts")
	}
	st, err := os.Stat(filepath.Join(dir, "secret_key"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("secret_key mode %v, want 0600", st.Mode().Perm())
	}
}

func TestBadValuesNameTheVariable(t *testing.T) {
	for _, tc := range []struct{ name, value, variable string }{
		{"DATABASE_URL", "postgres://x@y/z", "DATABASE_URL"},
		{"DATABASE_URL", "not a url", "DATABASE_URL"},
		{"DATABASE_URL", "mysql://user:hunter2@/db", "DATABASE_URL"},
		{"DATABASE_URL", "mysql://user@host:3306/", "DATABASE_URL"},
		{"ADDR", "8000", "ADDR"},
		{"ADDR", ":99999", "ADDR"},
		{"RATE_IPV6_PREFIX", "32", "RATE_IPV6_PREFIX"},
		{"GOMEMLIMIT", "256M", "GOMEMLIMIT"},
		{"RATE_IPV6_PREFIX", "/64", "RATE_IPV6_PREFIX"},
		{"BASE_URL", "localhost:8000", "BASE_URL"},
		{"BASE_URL", "ftp://example.com", "BASE_URL"},
		{"SECRET_KEY", "short", "SECRET_KEY"},
		{"LOG_LEVEL", "loud", "LOG_LEVEL"},
		{"SMTP_URL", "http://mail.example.com", "SMTP_URL"},
		{"SMTP_URL", "smtp://user:hunter2@:587", "SMTP_URL"},
		{"SMTP_URL", "smtp://mail.example.com:99999", "SMTP_URL"},
		{"SMTP_FROM", "not an address", "SMTP_FROM"},
		{"WEBHOOK_ALLOW_PRIVATE", "yes", "WEBHOOK_ALLOW_PRIVATE"},
		{"SITE_TIMEZONE", "KST", "SITE_TIMEZONE"},
		{"SITE_TIMEZONE", "Asia/Seol", "SITE_TIMEZONE"},
		{"SITE_TIMEZONE", "Local", "SITE_TIMEZONE"},
		{"SITE_TIMEZONE", "../../etc/passwd", "SITE_TIMEZONE"},
	} {
		_, err := load(t, map[string]string{tc.name: tc.value})
		if err == nil {
			t.Errorf("%s=%q accepted", tc.name, tc.value)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, tc.variable+":") || strings.Contains(msg, "\n") {
			t.Errorf("%s=%q: error %q does not start with the variable's name on one line", tc.name, tc.value, msg)
		}
		if strings.Contains(msg, "hunter2") {
			t.Errorf("error leaks the password: %q", msg)
		}
	}
}

// The site's zone is Asia/Seoul unless SITE_TIMEZONE names another, read from the zones
// built into the binary (the container image has none of its own).
func TestSiteTimeZone(t *testing.T) {
	for value, want := range map[string]string{"": "Asia/Seoul", "Europe/Paris": "Europe/Paris", "UTC": "UTC", " America/New_York ": "America/New_York"} {
		cfg, err := load(t, map[string]string{"SITE_TIMEZONE": value})
		if err != nil {
			t.Fatalf("%q: %v", value, err)
		}
		if cfg.TimeZone.String() != want {
			t.Errorf("SITE_TIMEZONE=%q: %s, want %s", value, cfg.TimeZone, want)
		}
	}
}

func TestDataDirThatCannotBeCreated(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o600)
	_, err := load(t, map[string]string{"DATA_DIR": filepath.Join(file, "data")})
	if err == nil || !strings.HasPrefix(err.Error(), "DATA_DIR:") && !strings.HasPrefix(err.Error(), "DATABASE_URL:") {
		t.Fatalf("err = %v, want a DATA_DIR or DATABASE_URL error", err)
	}
}

func TestMariaDBSelection(t *testing.T) {
	cfg, err := load(t, map[string]string{"DATABASE_URL": "mysql://app:p%40ss@db:3307/site"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Dialect != config.MariaDB {
		t.Fatalf("dialect %q", cfg.Dialect)
	}
	for _, want := range []string{"app:p@ss@tcp(db:3307)/site", "parseTime=true", "loc=UTC", "charset=utf8mb4"} {
		if !strings.Contains(cfg.DSN, want) {
			t.Errorf("DSN %q lacks %q", cfg.DSN, want)
		}
	}
	seed, err := load(t, map[string]string{"MARIADB_HOST": "mariadb", "MARIADB_USER": "u", "MARIADB_PASSWORD": "pw", "MARIADB_DATABASE": "cards"})
	if err != nil {
		t.Fatal(err)
	}
	if seed.Dialect != config.MariaDB || !strings.Contains(seed.DSN, "u:pw@tcp(mariadb:3306)/cards") {
		t.Errorf("MARIADB_* gave %q %q", seed.Dialect, seed.DSN)
	}
	explicit, err := load(t, map[string]string{"MARIADB_HOST": "mariadb", "DATABASE_URL": "sqlite://" + t.TempDir() + "/x.db"})
	if err != nil || explicit.Dialect != config.SQLite {
		t.Error("DATABASE_URL must win over MARIADB_*")
	}
}

func TestHTTPSBaseURLIsHTTPS(t *testing.T) {
	cfg, err := load(t, map[string]string{"BASE_URL": "https://card.example.com/"})
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.IsHTTPS() || cfg.BaseURL.String() != "https://card.example.com" {
		t.Errorf("IsHTTPS %v, base %q", cfg.IsHTTPS(), cfg.BaseURL)
	}
}

func TestSMTPSettings(t *testing.T) {
	cfg, err := load(t, map[string]string{"SMTP_URL": "smtps://card%40example.com:pw@smtp.example.com:465?insecure=1", "BASE_URL": "https://card.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.SMTP.Configured() || !cfg.SMTP.Insecure || cfg.SMTP.URL.User.Username() != "card@example.com" || cfg.SMTP.From.Address != "sitecard@card.example.com" {
		t.Errorf("SMTP: %+v", cfg.SMTP)
	}
	cfg, err = load(t, map[string]string{})
	if err != nil || cfg.SMTP.Configured() || cfg.WebhookAllowPrivate {
		t.Errorf("defaults: email %v, private webhooks %v (%v)", cfg.SMTP.Configured(), cfg.WebhookAllowPrivate, err)
	}
}
