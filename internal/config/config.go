package config

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the zones are in the binary: the container image has no /usr/share/zoneinfo
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
	// MemoryLimit is Go's soft memory limit (GOMEMLIMIT), in bytes.
	MemoryLimit int64
	// AdminLogin and AdminPassword create the first admin when no member exists.
	AdminLogin    string
	AdminPassword string

	Kakao KakaoConfig
	Chat  ChatConfig
	// TokenRefreshInterval is how often the refresh job runs; TokenRefreshAhead is how
	// close to expiry an access token gets refreshed.
	TokenRefreshInterval time.Duration
	TokenRefreshAhead    time.Duration
	// MetricsToken, when set, serves /metrics to requests that bear it; MetricsAddr, when
	// set, serves /metrics on a separate listener instead. Neither: no /metrics.
	MetricsToken string
	MetricsAddr  string
	// ClaimTimeout is how long a delivery may stay claimed by a silent worker.
	ClaimTimeout time.Duration
	// DBTimeout bounds the database work of one request.
	DBTimeout      time.Duration
	ContactPerIP   Rate
	ContactPerCard Rate
	// IPv6Prefix is how many leading bits of an IPv6 address name one client for the
	// rate limits.
	IPv6Prefix     int
	TrustedProxies []string
	SMTP           SMTPConfig
	// WebhookAllowPrivate lets webhooks post to private and loopback addresses, and over
	// plain HTTP (local receivers and tests).
	WebhookAllowPrivate bool
	// TimeZone is the site's zone (SITE_TIMEZONE): the dashboard and the inbox show times
	// in it, named, whatever zone the server runs in. Stored times and JSON stay UTC.
	TimeZone *time.Location
	SignIn   SignInConfig
}

// KakaoConfig is the Kakao app's settings.
type KakaoConfig struct {
	RestAPIKey   string
	ClientSecret string
	RedirectURI  string
	AuthURL      string
	APIURL       string
	// FakeAddr is where "sitecard kakao-fake" listens.
	FakeAddr string
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

// Load reads the configuration through getenv (os.Getenv in production).
// Every error names the variable and says what is wrong, on one line.
func Load(getenv func(string) string) (*Config, error) {
	get := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	cfg := &Config{Addr: get("ADDR", "127.0.0.1:8000"), DataDir: get("DATA_DIR", "data"),
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

	zone := get("SITE_TIMEZONE", "Asia/Seoul")
	if cfg.TimeZone, err = time.LoadLocation(zone); err != nil || zone == "Local" {
		return nil, fmt.Errorf("SITE_TIMEZONE: %q is not a time zone: give an IANA name such as Asia/Seoul, Europe/Paris or UTC", zone)
	}

	if cfg.MemoryLimit, err = parseBytes(get("GOMEMLIMIT", "200MiB")); err != nil {
		return nil, fmt.Errorf("GOMEMLIMIT: %v", err)
	}

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
	cfg.MetricsToken, cfg.MetricsAddr = getenv("METRICS_TOKEN"), get("METRICS_ADDR", "")
	if cfg.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(cfg.MetricsAddr); err != nil {
			return nil, fmt.Errorf("METRICS_ADDR: %q is not host:port (for example 127.0.0.1:9100)", cfg.MetricsAddr)
		}
	}
	if cfg.ClaimTimeout, err = time.ParseDuration(get("OUTBOX_CLAIM_TIMEOUT", "2m")); err != nil || cfg.ClaimTimeout <= 0 {
		return nil, fmt.Errorf("OUTBOX_CLAIM_TIMEOUT: %q is not a positive duration like 2m", get("OUTBOX_CLAIM_TIMEOUT", "2m"))
	}
	if cfg.DBTimeout, err = time.ParseDuration(get("DB_TIMEOUT", "5s")); err != nil || cfg.DBTimeout <= 0 {
		return nil, fmt.Errorf("DB_TIMEOUT: %q is not a positive duration like 5s", get("DB_TIMEOUT", "5s"))
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
	if err := cfg.loadChat(get); err != nil {
		return nil, err
	}
	if err := cfg.loadSignIn(get); err != nil {
		return nil, err
	}
	if err := cfg.loadChannels(get); err != nil {
		return nil, err
	}
	return cfg, nil
}

// IsHTTPS reports whether the public site is served over TLS, which makes cookies Secure.
func (c *Config) IsHTTPS() bool { return c.BaseURL.Scheme == "https" }

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

// parseBytes reads a size the way the Go runtime reads GOMEMLIMIT: a whole number with a
// unit of B, KiB, MiB, GiB or TiB, or "off".
func parseBytes(s string) (int64, error) {
	if s == "off" {
		return math.MaxInt64, nil
	}
	for i, unit := range []string{"TiB", "GiB", "MiB", "KiB", "B"} {
		if n, ok := strings.CutSuffix(s, unit); ok {
			v, err := strconv.ParseInt(n, 10, 64)
			if err != nil || v <= 0 {
				break
			}
			return v << (10 * (4 - i)), nil
		}
	}
	return 0, fmt.Errorf("%q is not a size like 200MiB or 1GiB, or off", s)
}
