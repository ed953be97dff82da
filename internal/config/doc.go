// Package config loads sitecard's settings from the environment, once, into one struct.
//
// The settings are read from the environment by name, each with a default and a check:
// a bad value stops the start with one line naming the variable.
//
//   - config.go: Load and the Config struct, with the settings of the server, the site and
//     the limits; database.go: DATABASE_URL (or the MARIADB_* variables) into a driver DSN;
//     kakao.go, channels.go (SMTP and webhooks), chat.go, signin.go (second
//     factors, OIDC): each area's settings.
//   - existing.go: LoadExisting, for a command (restore) that must not write a secret key
//     before it has checked its input.
//   - variables.go: every variable with its default and meaning, the one list that
//     docs/configuration.md is checked against.
package config
