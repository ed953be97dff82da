// Package config loads sitecard's settings from the environment, once, into one struct.
package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
)

// Dialect names the database engine a DATABASE_URL selects.
type Dialect string

// The supported database engines.
const (
	SQLite  Dialect = "sqlite"
	MariaDB Dialect = "mysql"
)

// Config is every setting sitecard reads. Nothing else reads the environment.
type Config struct {
	Addr        string
	DataDir     string
	DatabaseURL string
	Dialect     Dialect
	// DSN is the driver-level connection string derived from DatabaseURL.
	DSN string
	// SQLitePath is the database file when Dialect is SQLite.
	SQLitePath string
	BaseURL    *url.URL
	SecretKey  []byte
	// SecretGenerated is true when SECRET_KEY was absent and a key was kept in DataDir.
	SecretGenerated bool
	LogLevel        slog.Level
	// AdminLogin and AdminPassword create the first admin when no member exists.
	AdminLogin    string
	AdminPassword string

	Kakao KakaoConfig
	// TokenRefreshInterval is how often the refresh job runs; TokenRefreshAhead is how
	// close to expiry an access token gets refreshed.
	TokenRefreshInterval time.Duration
	TokenRefreshAhead    time.Duration
	ContactPerIP         Rate
	ContactPerCard       Rate
	TrustedProxies       []string
}

// KakaoConfig is the Kakao app's settings.
type KakaoConfig struct {
	RestAPIKey   string
	ClientSecret string
	RedirectURI  string
	AuthURL      string
	APIURL       string
}

// Rate is "N per window"; N = 0 turns the limit off.
type Rate struct {
	N      int
	Window time.Duration
}

// ParseRate reads "5/1m" (five per minute); "0" or "off" disables the limit.
func ParseRate(s string) (Rate, error) {
	if s == "0" || s == "off" {
		return Rate{}, nil
	}
	n, w, ok := strings.Cut(s, "/")
	count, err := strconv.Atoi(n)
	if !ok || err != nil || count < 0 {
		return Rate{}, fmt.Errorf("%q is not N/duration (for example 5/1m)", s)
	}
	window, err := time.ParseDuration(w)
	if err != nil || window <= 0 {
		return Rate{}, fmt.Errorf("%q: %q is not a duration like 1m or 1h", s, w)
	}
	return Rate{N: count, Window: window}, nil
}

// Variable describes one environment variable for the README and the compose test.
type Variable struct {
	Name, Default, Help string
}

// Variables lists every environment variable Load reads, in README order.
func Variables() []Variable {
	return []Variable{
		{"ADDR", ":8000", "Address the HTTP server listens on."},
		{"DATABASE_URL", "sqlite://data/sitecard.db", "`sqlite://path` (embedded) or `mysql://user:pass@host:3306/db` (MariaDB)."},
		{"MARIADB_HOST", "", "With MARIADB_USER, MARIADB_PASSWORD, MARIADB_DATABASE and MARIADB_PORT (3306): the seed's way to select MariaDB. Used when DATABASE_URL is unset."},
		{"MARIADB_PORT", "3306", "See MARIADB_HOST."},
		{"MARIADB_USER", "", "See MARIADB_HOST."},
		{"MARIADB_PASSWORD", "", "See MARIADB_HOST."},
		{"MARIADB_DATABASE", "", "See MARIADB_HOST."},
		{"DATA_DIR", "data", "Folder for the SQLite file, the generated secret key and uploads. Created when missing."},
		{"BASE_URL", "http://localhost:8000", "Public URL of the site: canonical links, sitemap, QR codes, cookies' Secure flag."},
		{"SECRET_KEY", "(generated into DATA_DIR/secret_key)", "At least 32 characters. Signs and encrypts; keep it stable across restarts and instances."},
		{"LOG_LEVEL", "info", "debug, info, warn or error."},
		{"ADMIN_LOGIN", "", "With ADMIN_PASSWORD: creates the first admin at start-up when no member exists. Otherwise /setup offers a form."},
		{"ADMIN_PASSWORD", "", "See ADMIN_LOGIN. At least 8 characters."},
		{"KAKAO_REST_API_KEY", "", "The Kakao app's REST API key. Without it the KakaoTalk connection is off and messages wait in the inbox."},
		{"KAKAO_CLIENT_SECRET", "", "The app's client secret, when it is ON in the Kakao console."},
		{"KAKAO_REDIRECT_URI", "BASE_URL/admin/kakao/callback", "Must match a redirect URI registered for the app, exactly."},
		{"KAKAO_AUTH_URL", "https://kauth.kakao.com", "OAuth host (point it at `sitecard kakao-fake` to try everything locally)."},
		{"KAKAO_API_URL", "https://kapi.kakao.com", "API host (likewise)."},
		{"TOKEN_REFRESH_INTERVAL", "10m", "How often the kakao-token-refresh job runs."},
		{"TOKEN_REFRESH_AHEAD", "1h", "Refresh access tokens that expire within this time."},
		{"CONTACT_RATE_PER_IP", "5/1m", "Accepted messages per client address per window; 0 turns it off."},
		{"CONTACT_RATE_PER_CARD", "60/1h", "Accepted messages per card per window; 0 turns it off."},
		{"TRUSTED_PROXIES", "", "Comma-separated addresses or CIDRs whose X-Forwarded-For is believed (your reverse proxy)."},
		{"KAKAO_FAKE_ADDR", "127.0.0.1:8090", "Only for `sitecard kakao-fake`: where the fake Kakao listens."},
	}
}

// Load reads the configuration through getenv (os.Getenv in production).
// Every error names the variable and says what is wrong, on one line.
func Load(getenv func(string) string) (*Config, error) {
	get := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	cfg := &Config{Addr: get("ADDR", ":8000"), DataDir: get("DATA_DIR", "data"),
		AdminLogin: get("ADMIN_LOGIN", ""), AdminPassword: getenv("ADMIN_PASSWORD")}
	if (cfg.AdminLogin == "") != (cfg.AdminPassword == "") {
		return nil, errors.New("ADMIN_LOGIN: set both ADMIN_LOGIN and ADMIN_PASSWORD, or neither")
	}

	if _, port, err := net.SplitHostPort(cfg.Addr); err != nil {
		return nil, fmt.Errorf("ADDR: %q is not host:port (for example :8000)", cfg.Addr)
	} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return nil, fmt.Errorf("ADDR: port %q is not a number from 0 to 65535", port)
	}

	base, err := url.Parse(get("BASE_URL", "http://localhost:8000"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("BASE_URL: %q must be an absolute http or https URL", getenv("BASE_URL"))
	}
	base.Path = strings.TrimRight(base.Path, "/")
	cfg.BaseURL = base

	switch lvl := strings.ToLower(get("LOG_LEVEL", "info")); lvl {
	case "debug":
		cfg.LogLevel = slog.LevelDebug
	case "info":
		cfg.LogLevel = slog.LevelInfo
	case "warn", "warning":
		cfg.LogLevel = slog.LevelWarn
	case "error":
		cfg.LogLevel = slog.LevelError
	default:
		return nil, fmt.Errorf("LOG_LEVEL: %q is not one of debug, info, warn, error", lvl)
	}

	if err := cfg.loadDatabase(get); err != nil {
		return nil, err
	}
	if cfg.Dialect == SQLite {
		if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
			return nil, fmt.Errorf("DATA_DIR: cannot create %q: %v", cfg.DataDir, errors.Unwrap(err))
		}
	}
	if err := cfg.loadSecret(getenv("SECRET_KEY")); err != nil {
		return nil, err
	}
	if err := cfg.loadKakao(get); err != nil {
		return nil, err
	}
	return cfg, nil
}

// IsHTTPS reports whether the public site is served over TLS, which makes cookies Secure.
func (c *Config) IsHTTPS() bool { return c.BaseURL.Scheme == "https" }

func (c *Config) loadDatabase(get func(string, string) string) error {
	raw := get("DATABASE_URL", "")
	if raw == "" && get("MARIADB_HOST", "") != "" {
		u := url.URL{
			Scheme: "mysql",
			User:   url.UserPassword(get("MARIADB_USER", "root"), get("MARIADB_PASSWORD", "")),
			Host:   net.JoinHostPort(get("MARIADB_HOST", ""), get("MARIADB_PORT", "3306")),
			Path:   "/" + get("MARIADB_DATABASE", "sitecard"),
		}
		raw = u.String()
	}
	if raw == "" {
		raw = "sqlite://" + filepath.ToSlash(filepath.Join(c.DataDir, "sitecard.db"))
	}
	c.DatabaseURL = raw
	dialect, dsn, err := ParseDatabaseURL(raw)
	if err != nil {
		return fmt.Errorf("DATABASE_URL: %v", err)
	}
	c.Dialect, c.DSN = dialect, dsn
	if dialect == SQLite {
		c.SQLitePath, _, _ = strings.Cut(raw[strings.Index(raw, "://")+3:], "?")
		if dir := filepath.Dir(c.SQLitePath); dir != "." {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return fmt.Errorf("DATABASE_URL: cannot create the folder %q: %v", dir, errors.Unwrap(err))
			}
		}
	}
	return nil
}

// ParseDatabaseURL turns a sqlite:// or mysql:// URL into a driver DSN.
func ParseDatabaseURL(raw string) (Dialect, string, error) {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return "", "", fmt.Errorf("%q must start with sqlite:// or mysql://", redact(raw))
	}
	switch strings.ToLower(scheme) {
	case "sqlite", "sqlite3", "file":
		path, _, _ := strings.Cut(rest, "?")
		if path == "" {
			return "", "", errors.New("sqlite:// needs a file path, for example sqlite://data/sitecard.db")
		}
		if path == ":memory:" {
			return SQLite, "file::memory:?cache=shared&_pragma=foreign_keys(1)", nil
		}
		// WAL lets readers run during writes; busy_timeout makes concurrent writers wait instead of failing.
		return SQLite, "file:" + path + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_txlock=immediate", nil
	case "mysql", "mariadb":
		u, err := url.Parse(raw)
		if err != nil {
			return "", "", fmt.Errorf("%q is not a valid URL", redact(raw))
		}
		if u.Host == "" || strings.Trim(u.Path, "/") == "" {
			return "", "", fmt.Errorf("%q must look like mysql://user:pass@host:3306/db", redact(raw))
		}
		host := u.Host
		if u.Port() == "" {
			host = net.JoinHostPort(u.Hostname(), "3306")
		}
		mc := mysql.NewConfig()
		mc.Net, mc.Addr, mc.DBName = "tcp", host, strings.Trim(u.Path, "/")
		mc.User = u.User.Username()
		mc.Passwd, _ = u.User.Password()
		mc.ParseTime = true
		mc.Loc = time.UTC
		mc.Params = map[string]string{"charset": "utf8mb4", "loc": "UTC"}
		for k, vs := range u.Query() {
			mc.Params[k] = vs[0]
		}
		return MariaDB, mc.FormatDSN(), nil
	default:
		return "", "", fmt.Errorf("scheme %q is not supported: use sqlite:// or mysql://", scheme)
	}
}

func (c *Config) loadSecret(raw string) error {
	if raw != "" {
		if len(raw) < 32 {
			return errors.New("SECRET_KEY: must be at least 32 characters (try: openssl rand -hex 32)")
		}
		c.SecretKey = []byte(raw)
		return nil
	}
	if err := os.MkdirAll(c.DataDir, 0o750); err != nil {
		return fmt.Errorf("SECRET_KEY: unset, and DATA_DIR %q cannot be created to keep a generated one: %v", c.DataDir, errors.Unwrap(err))
	}
	path := filepath.Join(c.DataDir, "secret_key")
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		c.SecretKey, c.SecretGenerated = []byte(strings.TrimSpace(string(b))), true
		return nil
	}
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return fmt.Errorf("SECRET_KEY: unset, and no random key could be generated: %v", err)
	}
	key := hex.EncodeToString(buf)
	if err := os.WriteFile(path, []byte(key+"\n"), 0o600); err != nil {
		return fmt.Errorf("SECRET_KEY: unset, and the generated key cannot be written to %q: %v", path, errors.Unwrap(err))
	}
	c.SecretKey, c.SecretGenerated = []byte(key), true
	return nil
}

func redact(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
			return u.String()
		}
	}
	return raw
}

// MediaDir is where uploaded photos and résumés are kept, outside the static folder.
func (c *Config) MediaDir() string { return filepath.Join(c.DataDir, "uploads") }

// MigrationLockFile is the file locked while migrating SQLite, so that two processes
// starting on one file do not both create the schema. MariaDB uses an advisory lock.
func (c *Config) MigrationLockFile() string {
	if c.Dialect != SQLite || c.SQLitePath == ":memory:" {
		return ""
	}
	return c.SQLitePath + ".migrate.lock"
}

func (c *Config) loadKakao(get func(string, string) string) error {
	k := KakaoConfig{
		RestAPIKey: get("KAKAO_REST_API_KEY", ""), ClientSecret: get("KAKAO_CLIENT_SECRET", ""),
		RedirectURI: get("KAKAO_REDIRECT_URI", c.BaseURL.String()+"/admin/kakao/callback"),
		AuthURL:     strings.TrimRight(get("KAKAO_AUTH_URL", "https://kauth.kakao.com"), "/"),
		APIURL:      strings.TrimRight(get("KAKAO_API_URL", "https://kapi.kakao.com"), "/"),
	}
	for name, v := range map[string]string{"KAKAO_REDIRECT_URI": k.RedirectURI, "KAKAO_AUTH_URL": k.AuthURL, "KAKAO_API_URL": k.APIURL} {
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%s: %q must be an absolute http or https URL", name, v)
		}
	}
	c.Kakao = k
	var err error
	for _, d := range []struct {
		name, def string
		dst       *time.Duration
	}{{"TOKEN_REFRESH_INTERVAL", "10m", &c.TokenRefreshInterval}, {"TOKEN_REFRESH_AHEAD", "1h", &c.TokenRefreshAhead}} {
		*d.dst, err = time.ParseDuration(get(d.name, d.def))
		if err != nil || *d.dst <= 0 {
			return fmt.Errorf("%s: %q is not a positive duration like 10m or 1h", d.name, get(d.name, d.def))
		}
	}
	if c.ContactPerIP, err = ParseRate(get("CONTACT_RATE_PER_IP", "5/1m")); err != nil {
		return fmt.Errorf("CONTACT_RATE_PER_IP: %v", err)
	}
	if c.ContactPerCard, err = ParseRate(get("CONTACT_RATE_PER_CARD", "60/1h")); err != nil {
		return fmt.Errorf("CONTACT_RATE_PER_CARD: %v", err)
	}
	for _, p := range strings.Split(get("TRUSTED_PROXIES", ""), ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if net.ParseIP(p) == nil {
			if _, _, err := net.ParseCIDR(p); err != nil {
				return fmt.Errorf("TRUSTED_PROXIES: %q is not an IP address or CIDR", p)
			}
		}
		c.TrustedProxies = append(c.TrustedProxies, p)
	}
	return nil
}
