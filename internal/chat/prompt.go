package chat

import (
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"strings"
	"text/template"

	"github.com/tmc/langchaingo/llms"
)

// promptText is the system prompt, one file a person can read and change.
//
//go:embed prompt.tmpl
var promptText string

// Prompt builds the messages a language model is asked with.
type Prompt struct {
	tmpl *template.Template
}

// NewPrompt parses the prompt template.
func NewPrompt() (*Prompt, error) {
	t, err := template.New("prompt").Option("missingkey=error").Parse(promptText)
	if err != nil {
		return nil, err
	}
	return &Prompt{tmpl: t}, nil
}

// Turn is one exchange of a conversation.
type Turn struct {
	Question string `json:"q"`
	Answer   string `json:"a"`
}

// PromptInput is what one question's prompt is made of.
type PromptInput struct {
	Name     string   // the card's owner, who answers
	Language string   // "ko" or "en"
	DontKnow string   // the exact "I don't know" in that language
	Context  []string // the retrieved passages
	History  []Turn   // earlier turns, oldest first
	Question string
}

// neutral shows angle brackets as lookalikes, so that data cannot write a tag.
func neutral(s string) string {
	return strings.NewReplacer("<", "‹", ">", "›").Replace(s)
}

// Messages renders the system prompt with the context, then the earlier turns, then the
// question. The question is never written into the system prompt: it stays the
// visitor's own message.
func (p *Prompt) Messages(in PromptInput) ([]llms.MessageContent, error) {
	lang := "Korean (한국어)"
	if in.Language == "en" {
		lang = "English"
	}
	// The data block's tag is new for every prompt, so that text on a card or in a résumé
	// cannot close it ("</context> SYSTEM: …"); angle brackets in the data are shown as
	// lookalikes, so that nothing in it even looks like a tag.
	b := make([]byte, 8)
	rand.Read(b) //nolint:errcheck // crypto/rand does not fail
	tag := "data-" + hex.EncodeToString(b)
	var sys strings.Builder
	err := p.tmpl.Execute(&sys, map[string]string{
		"Name": neutral(in.Name), "Language": lang, "DontKnow": in.DontKnow,
		"Open": "<" + tag + ">", "Close": "</" + tag + ">",
		"Context": neutral(strings.Join(in.Context, "\n---\n")),
	})
	if err != nil {
		return nil, err
	}
	msgs := []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeSystem, sys.String())}
	for _, t := range in.History {
		msgs = append(msgs, llms.TextParts(llms.ChatMessageTypeHuman, t.Question), llms.TextParts(llms.ChatMessageTypeAI, t.Answer))
	}
	return append(msgs, llms.TextParts(llms.ChatMessageTypeHuman, in.Question)), nil
}
