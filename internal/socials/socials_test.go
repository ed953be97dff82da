package socials_test

import (
	"os"
	"strings"
	"testing"

	"sitecard/internal/socials"
)

func TestRecognize(t *testing.T) {
	for raw, want := range map[string]socials.Service{
		"https://www.linkedin.com/in/gildong":          {ID: "linkedin"},
		"https://kr.linkedin.com/in/gildong":           {ID: "linkedin"},
		"https://github.com/gildong":                   {ID: "github"},
		"https://gitlab.com/gildong":                   {ID: "gitlab"},
		"https://x.com/gildong":                        {ID: "x"},
		"https://twitter.com/gildong":                  {ID: "x"},
		"https://mastodon.social/@gildong":             {ID: "mastodon"},
		"https://hachyderm.io/@gil_dong/":              {ID: "mastodon"},
		"https://bsky.app/profile/gildong.bsky.social": {ID: "bluesky"},
		"https://www.threads.net/@gildong":             {ID: "threads"},
		"https://instagram.com/gildong":                {ID: "instagram"},
		"https://m.facebook.com/gildong":               {ID: "facebook"},
		"https://youtu.be/abc":                         {ID: "youtube"},
		"https://www.tiktok.com/@gildong":              {ID: "tiktok"},
		"https://blog.naver.com/gildong":               {ID: "naverblog"},
		"https://m.blog.naver.com/gildong":             {ID: "naverblog"},
		"https://gildong.tistory.com":                  {ID: "tistory"},
		"https://velog.io/@gildong":                    {ID: "velog"},
		"https://brunch.co.kr/@gildong":                {ID: "brunch"},
		"https://open.kakao.com/o/abc":                 {ID: "kakaoopenchat"},
		"https://www.notion.so/gildong":                {ID: "notion"},
		"https://gildong.notion.site/cv":               {ID: "notion"},
		"https://medium.com/@gildong":                  {ID: "medium"},
		"https://dev.to/gildong":                       {ID: "devto"},
		"https://stackoverflow.com/users/1/gildong":    {ID: "stackoverflow"},
		"https://www.behance.net/gildong":              {ID: "behance"},
		"https://dribbble.com/gildong":                 {ID: "dribbble"},
		"mailto:gildong@example.com":                   {ID: "email"},
		"tel:+82-10-0000-0000":                         {ID: "phone"},
		"https://www.example.com/about":                {ID: "web", Host: "example.com"},
		"https://notgithub.com/x":                      {ID: "web", Host: "notgithub.com"},
		"%%%":                                          {ID: "web"},
	} {
		if got := socials.Recognize(raw); got != want {
			t.Errorf("%s: %+v, want %+v", raw, got, want)
		}
	}
}

// Every service has an icon and a name in both languages: a name missing from the UI
// texts would show its key.
func TestEveryServiceIsNamed(t *testing.T) {
	raw, err := os.ReadFile("../../templates/partials/icon.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"ko", "en"} {
		texts, err := os.ReadFile("../i18n/" + lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range socials.IDs() {
			if !strings.Contains(string(texts), `"service.`+id+`"`) {
				t.Errorf("%s: no name for %s", lang, id)
			}
			if id != "web" && !strings.Contains(string(raw), `eq . "`+id+`"`) {
				t.Errorf("no icon for %s", id)
			}
		}
	}
}
