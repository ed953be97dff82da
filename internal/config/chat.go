package config

import (
	"fmt"
	"net/url"
	"time"
)

// ChatConfig is the chatbot's model settings. All empty is the embedded default: no
// model, passages ranked lexically and quoted.
type ChatConfig struct {
	OpenAIKey            string
	OpenAIBaseURL        string
	OpenAIModel          string
	OpenAIEmbeddingModel string
	OllamaHost           string
	OllamaModel          string
	OllamaEmbeddingModel string
	// RatePerIP limits questions per client address; Timeout bounds one model call.
	RatePerIP Rate
	Timeout   time.Duration
}

func (c *Config) loadChat(get func(string, string) string) error {
	ch := ChatConfig{
		OpenAIKey: get("OPENAI_API_KEY", ""), OpenAIBaseURL: get("OPENAI_BASE_URL", ""),
		OpenAIModel: get("OPENAI_MODEL", "gpt-4o-mini"), OpenAIEmbeddingModel: get("OPENAI_EMBEDDING_MODEL", ""),
		OllamaHost: get("OLLAMA_HOST", ""), OllamaModel: get("OLLAMA_MODEL", "llama3.2"),
		OllamaEmbeddingModel: get("OLLAMA_EMBEDDING_MODEL", ""),
	}
	for name, v := range map[string]string{"OPENAI_BASE_URL": ch.OpenAIBaseURL, "OLLAMA_HOST": ch.OllamaHost} {
		if v == "" {
			continue
		}
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%s: %q must be an absolute http or https URL", name, v)
		}
	}
	var err error
	if ch.RatePerIP, err = ParseRate(get("CHAT_RATE_PER_IP", "10/1m")); err != nil {
		return fmt.Errorf("CHAT_RATE_PER_IP: %v", err)
	}
	if ch.Timeout, err = time.ParseDuration(get("CHAT_TIMEOUT", "20s")); err != nil || ch.Timeout <= 0 {
		return fmt.Errorf("CHAT_TIMEOUT: %q is not a positive duration like 20s", get("CHAT_TIMEOUT", "20s"))
	}
	c.Chat = ch
	return nil
}
