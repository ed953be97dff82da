package config

import (
	"fmt"
	"net/url"
	"strings"
)

// SignInConfig is how members sign in beyond a password.
type SignInConfig struct {
	// AdminRequireSecondFactor keeps admins without a second factor (an authenticator
	// app or a passkey) on their account page until they set one up.
	AdminRequireSecondFactor bool
	OIDC                     OIDCConfig
}

func (c *Config) loadSignIn(get func(name, def string) string) error {
	switch v := get("ADMIN_REQUIRE_SECOND_FACTOR", "0"); v {
	case "0", "false":
	case "1", "true":
		c.SignIn.AdminRequireSecondFactor = true
	default:
		return fmt.Errorf("ADMIN_REQUIRE_SECOND_FACTOR: %q is not 0 or 1", v)
	}
	return c.loadOIDC(get)
}

// OIDCConfig is single sign-on with an OpenID Connect provider; off while Issuer is "".
type OIDCConfig struct {
	Issuer, ClientID, ClientSecret string
	// AllowedDomains are the email domains a provider's account may have to become a
	// new member; none: nobody new signs up (linked members still sign in).
	AllowedDomains []string
	// NewMemberRole is the role new members get: member or admin.
	NewMemberRole string
}

// Enabled reports whether single sign-on is configured.
func (o OIDCConfig) Enabled() bool { return o.Issuer != "" }

func (c *Config) loadOIDC(get func(name, def string) string) error {
	o := &c.SignIn.OIDC
	o.Issuer, o.ClientID, o.ClientSecret = get("OIDC_ISSUER", ""), get("OIDC_CLIENT_ID", ""), get("OIDC_CLIENT_SECRET", "")
	if o.Issuer != "" {
		u, err := url.Parse(o.Issuer)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("OIDC_ISSUER: %q is not an https URL like https://accounts.google.com", o.Issuer)
		}
		if o.ClientID == "" {
			return fmt.Errorf("OIDC_CLIENT_ID: set it with OIDC_ISSUER")
		}
	}
	for _, d := range strings.Split(get("OIDC_ALLOWED_DOMAINS", ""), ",") {
		if d = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(d), "@"))); d != "" {
			o.AllowedDomains = append(o.AllowedDomains, d)
		}
	}
	switch o.NewMemberRole = get("OIDC_NEW_MEMBER_ROLE", "member"); o.NewMemberRole {
	case "member", "admin":
	default:
		return fmt.Errorf("OIDC_NEW_MEMBER_ROLE: %q is not member or admin", o.NewMemberRole)
	}
	return nil
}
