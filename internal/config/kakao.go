package config

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

func (c *Config) loadKakao(get func(string, string) string) error {
	k := KakaoConfig{
		RestAPIKey: get("KAKAO_REST_API_KEY", ""), ClientSecret: get("KAKAO_CLIENT_SECRET", ""),
		RedirectURI: get("KAKAO_REDIRECT_URI", c.BaseURL.String()+"/admin/kakao/callback"),
		AuthURL:     strings.TrimRight(get("KAKAO_AUTH_URL", "https://kauth.kakao.com"), "/"),
		APIURL:      strings.TrimRight(get("KAKAO_API_URL", "https://kapi.kakao.com"), "/"),
		FakeAddr:    get("KAKAO_FAKE_ADDR", "127.0.0.1:8090"),
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
	if c.IPv6Prefix, err = strconv.Atoi(get("RATE_IPV6_PREFIX", "64")); err != nil || c.IPv6Prefix < 48 || c.IPv6Prefix > 128 {
		return fmt.Errorf("RATE_IPV6_PREFIX: %q is not a prefix length from 48 to 128", get("RATE_IPV6_PREFIX", "64"))
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
