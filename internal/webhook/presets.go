package webhook

import (
	"encoding/json"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The shapes a webhook can post in.
const (
	PresetStandard = "standard" // the Standard Webhooks JSON event
	PresetSlack    = "slack"    // a Slack incoming webhook: {"text": …}
	PresetDiscord  = "discord"  // a Discord webhook: {"content": …}, at most 2,000 characters
	PresetNtfy     = "ntfy"     // an ntfy topic URL: the text as the body, a Title header
)

// Presets lists the shapes in the order the page offers them.
func Presets() []string { return []string{PresetStandard, PresetSlack, PresetDiscord, PresetNtfy} }

// ValidPreset reports whether p is a known shape.
func ValidPreset(p string) bool { return p == "" || slices.Contains(Presets(), p) } // "": the standard shape

// Event is a visitor's message as a webhook tells it.
type Event struct {
	ID        int64     `json:"id"`
	Card      string    `json:"card"`
	Name      string    `json:"name"`
	Email     string    `json:"email"`
	Message   string    `json:"message"`
	CreatedAt time.Time `json:"created_at"`
	// Link is the message in the inbox (chat presets link it; the JSON event does not
	// need it).
	Link string `json:"-"`
}

// discordLimit is the most characters Discord takes in a message's content.
const discordLimit = 2000

// slackEscape escapes the three characters Slack's message formatting gives a meaning:
// &, < and > (docs.slack.dev, "Escaping text").
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// Body is what the preset posts for e: its content type, body and any extra header.
func Body(preset string, e Event) (string, []byte, http.Header) {
	text := e.Name + " <" + e.Email + ">" + " · /c/" + e.Card + "\n\n" + e.Message
	switch preset {
	case PresetSlack:
		// Slack reads <…> as its markup (<!channel> pings everyone, <url|text> is a link
		// that shows text): a visitor's words are escaped as its documentation asks.
		b, _ := json.Marshal(map[string]string{"text": slackEscape(text + "\n\n" + e.Link)})
		return "application/json", b, nil
	case PresetDiscord:
		content := text + "\n\n" + e.Link
		if utf8.RuneCountInString(content) > discordLimit {
			// Discord refuses longer content: the whole message stays in the inbox.
			r := []rune(text)
			keep := min(len(r), max(0, discordLimit-utf8.RuneCountInString(e.Link)-3))
			content = string(r[:keep]) + "…\n\n" + e.Link
		}
		b, _ := json.Marshal(map[string]any{"content": content, "allowed_mentions": map[string]any{"parse": []string{}}})
		return "application/json", b, nil
	case PresetNtfy:
		h := http.Header{}
		h.Set("Title", mime.QEncoding.Encode("utf-8", "sitecard: "+e.Name)) // ntfy reads RFC 2047
		h.Set("Click", e.Link)
		h.Set("Tags", "email")
		return "text/plain; charset=utf-8", []byte(e.Email + " · /c/" + e.Card + "\n\n" + e.Message), h
	}
	b, _ := json.Marshal(struct {
		Event
		CreatedAt string `json:"created_at"`
	}{Event: e, CreatedAt: e.CreatedAt.UTC().Format(time.RFC3339)})
	return "application/json", b, nil
}
