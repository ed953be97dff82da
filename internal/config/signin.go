package config

import "fmt"

// SignInConfig is how members sign in beyond a password.
type SignInConfig struct {
	// AdminRequireSecondFactor keeps admins without a second factor (an authenticator
	// app or a passkey) on their account page until they set one up.
	AdminRequireSecondFactor bool
}

func (c *Config) loadSignIn(get func(name, def string) string) error {
	switch v := get("ADMIN_REQUIRE_SECOND_FACTOR", "0"); v {
	case "0", "false":
	case "1", "true":
		c.SignIn.AdminRequireSecondFactor = true
	default:
		return fmt.Errorf("ADMIN_REQUIRE_SECOND_FACTOR: %q is not 0 or 1", v)
	}
	return nil
}
