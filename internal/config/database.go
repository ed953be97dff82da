package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
)

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
		// busy_timeout makes concurrent writers wait instead of failing. WAL, which lets
		// readers run during writes, is set once by database.Open: it is stored in the file,
		// and setting it on every new connection fails, without waiting, while another
		// process is switching the same new file.
		return SQLite, "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate", nil
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
		// A server that is gone or frozen fails a query in seconds, not minutes.
		mc.Timeout, mc.ReadTimeout, mc.WriteTimeout = 3*time.Second, 15*time.Second, 15*time.Second
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
