package kakao

import (
	"encoding/json"
	"regexp"
	"strings"
	"unicode/utf8"
)

// MaxMemoText is the most text Kakao displays in a text template; sitecard never sends more.
const MaxMemoText = 200

// Memo is a "send to me" text template.
type Memo struct {
	ObjectType  string   `json:"object_type"`
	Text        string   `json:"text"`
	Link        MemoLink `json:"link"`
	ButtonTitle string   `json:"button_title,omitempty"`
}

// MemoLink is where the memo's button leads.
type MemoLink struct {
	WebURL       string `json:"web_url"`
	MobileWebURL string `json:"mobile_web_url"`
}

// NewMemo builds the memo for a visitor's message, in the seed's format
// ("이름: …\n메일: …\n메세지: …"), cut to 200 characters with "…" and never in the middle
// of a character. link is the message in the admin inbox.
func NewMemo(name, email, message, link string) Memo {
	clean := func(s string) string { return strings.ToValidUTF8(strings.TrimSpace(s), "") }
	// Name and email are capped so that a long address still leaves room for the message.
	head := "이름: " + Truncate(oneLine(clean(name)), 50) + "\n메일: " + Truncate(oneLine(clean(email)), 80) + "\n메세지: "
	// The visitor's lines cannot pass for the memo's own: a line of theirs that starts
	// like a label ("메일: …") loses the label's colon mark to a "›".
	text := Truncate(head+labelLike.ReplaceAllString(clean(message), "$1›"), MaxMemoText)
	return Memo{ObjectType: "text", Text: text, Link: MemoLink{WebURL: link, MobileWebURL: link}, ButtonTitle: "메시지 보기"}
}

// labelLike finds, at the start of a line, a word the memo uses as a label, and its colon.
var labelLike = regexp.MustCompile(`(?im)^(\s*(?:이름|메일|메세지|메시지|이메일|name|e-?mail|mail|message)\s*)[:：]`)

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Truncate cuts s to at most n characters, ending with "…" when it cut.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// JSON is the template_object value.
func (m Memo) JSON() string {
	b, _ := json.Marshal(m) // a struct of strings always marshals
	return string(b)
}
