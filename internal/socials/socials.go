// Package socials tells, from a link's address, which service it is a profile on
// (LinkedIn, GitHub, a Mastodon instance, a Naver blog, …), so that a card shows each link
// with its service's icon and name, however the owner filed it.
package socials

import (
	"net/url"
	"regexp"
	"strings"
)

// Service is what a link points to: an ID (its icon, and its name's translation key) and,
// for a site that is no known service, its host.
type Service struct {
	ID   string // "linkedin", "mastodon", …; "web" for any other site
	Host string // the site's host without "www.", for "web"
}

// hosts maps a host (or, with a leading dot, any host under it) to its service.
var hosts = map[string]string{
	"linkedin.com": "linkedin", ".linkedin.com": "linkedin", "github.com": "github", "gitlab.com": "gitlab",
	"twitter.com": "x", "x.com": "x", "bsky.app": "bluesky", "threads.net": "threads", "threads.com": "threads",
	"instagram.com": "instagram", "facebook.com": "facebook", "fb.com": "facebook",
	"youtube.com": "youtube", "youtu.be": "youtube", "tiktok.com": "tiktok",
	"blog.naver.com": "naverblog", "m.blog.naver.com": "naverblog", ".tistory.com": "tistory",
	"velog.io": "velog", "brunch.co.kr": "brunch", "open.kakao.com": "kakaoopenchat",
	"notion.so": "notion", ".notion.site": "notion", "medium.com": "medium", ".medium.com": "medium",
	"dev.to": "devto", "stackoverflow.com": "stackoverflow", "behance.net": "behance", "dribbble.com": "dribbble",
	"google.com": "google",
}

// mastodonPath is a Mastodon profile's shape, on whatever instance: /@user.
var mastodonPath = regexp.MustCompile(`^/@[A-Za-z0-9_]+/?$`)

// IDs lists every service Recognize can name, "web" last.
func IDs() []string {
	return []string{"linkedin", "github", "gitlab", "x", "mastodon", "bluesky", "threads", "instagram", "facebook",
		"youtube", "tiktok", "naverblog", "tistory", "velog", "brunch", "kakaoopenchat", "notion", "medium", "devto",
		"stackoverflow", "behance", "dribbble", "google", "email", "phone", "web"}
}

// Recognize names the service of a link's address.
func Recognize(raw string) Service {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return Service{ID: "web"}
	}
	switch strings.ToLower(u.Scheme) {
	case "mailto":
		return Service{ID: "email"}
	case "tel":
		return Service{ID: "phone"}
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	host = strings.TrimPrefix(host, "m.")
	if host == "blog.naver.com" || strings.HasSuffix(strings.ToLower(u.Hostname()), "blog.naver.com") {
		return Service{ID: "naverblog"}
	}
	if id, ok := hosts[host]; ok {
		return Service{ID: id}
	}
	for pattern, id := range hosts {
		if strings.HasPrefix(pattern, ".") && strings.HasSuffix(host, pattern) {
			return Service{ID: id}
		}
	}
	if mastodonPath.MatchString(u.Path) {
		return Service{ID: "mastodon"}
	}
	return Service{ID: "web", Host: host}
}
