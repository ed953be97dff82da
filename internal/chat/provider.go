package chat

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/tmc/langchaingo/embeddings"
	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/ollama"
	"github.com/tmc/langchaingo/llms/openai"
)

// Providers is the settings of the language model and the embedder; all empty means
// the embedded default (no model, lexical ranking, quoted answers).
type Providers struct {
	OpenAIKey, OpenAIBaseURL, OpenAIModel, OpenAIEmbeddingModel string
	OllamaHost, OllamaModel, OllamaEmbeddingModel               string
	// HTTP is the client for both (tests point it at fakes; nil is http.DefaultClient).
	HTTP *http.Client
}

// Generator answers from a prompt: a language model behind langchaingo.
type Generator interface {
	GenerateContent(ctx context.Context, messages []llms.MessageContent, options ...llms.CallOption) (*llms.ContentResponse, error)
}

// Embedder turns text into vectors: langchaingo's embeddings interface.
type Embedder = embeddings.Embedder

// Models are the configured model and embedder, each possibly nil, with their names
// for the dashboard.
type Models struct {
	Generator     Generator
	Embedder      Embedder
	GeneratorName string
	EmbedderName  string
}

// Open connects the configured providers. An OpenAI-compatible endpoint wins over Ollama
// when both are set. Nothing is called until the first question.
func Open(p Providers) (*Models, error) {
	m := &Models{}
	httpClient := p.HTTP
	if httpClient == nil {
		httpClient = http.DefaultClient
	}
	switch {
	case p.OpenAIKey != "" || p.OpenAIBaseURL != "":
		key := p.OpenAIKey
		if key == "" {
			key = "none" // a local OpenAI-compatible server may want no key, but the client wants one
		}
		base := strings.TrimRight(p.OpenAIBaseURL, "/")
		if base == "" {
			base = "https://api.openai.com/v1"
		}
		opts := []openai.Option{openai.WithToken(key), openai.WithBaseURL(base), openai.WithModel(p.OpenAIModel), openai.WithHTTPClient(httpClient)}
		llm, err := openai.New(opts...)
		if err != nil {
			return nil, fmt.Errorf("chat: OpenAI: %w", err)
		}
		m.Generator, m.GeneratorName = llm, "openai:"+p.OpenAIModel
		if p.OpenAIEmbeddingModel != "" {
			emb, err := openai.New(append(opts, openai.WithEmbeddingModel(p.OpenAIEmbeddingModel))...)
			if err != nil {
				return nil, fmt.Errorf("chat: OpenAI embeddings: %w", err)
			}
			if m.Embedder, err = embeddings.NewEmbedder(emb); err != nil {
				return nil, err
			}
			m.EmbedderName = "openai:" + p.OpenAIEmbeddingModel
		}
	case p.OllamaHost != "":
		llm, err := ollama.New(ollama.WithServerURL(p.OllamaHost), ollama.WithModel(p.OllamaModel), ollama.WithHTTPClient(httpClient))
		if err != nil {
			return nil, fmt.Errorf("chat: Ollama: %w", err)
		}
		m.Generator, m.GeneratorName = llm, "ollama:"+p.OllamaModel
		if p.OllamaEmbeddingModel != "" {
			emb, err := ollama.New(ollama.WithServerURL(p.OllamaHost), ollama.WithModel(p.OllamaEmbeddingModel), ollama.WithHTTPClient(httpClient))
			if err != nil {
				return nil, fmt.Errorf("chat: Ollama embeddings: %w", err)
			}
			if m.Embedder, err = embeddings.NewEmbedder(emb); err != nil {
				return nil, err
			}
			m.EmbedderName = "ollama:" + p.OllamaEmbeddingModel
		}
	}
	return m, nil
}

// Generate asks the model and returns its text.
func (m *Models) Generate(ctx context.Context, msgs []llms.MessageContent) (string, error) {
	resp, err := m.Generator.GenerateContent(ctx, msgs)
	if err != nil {
		return "", err
	}
	if len(resp.Choices) == 0 || strings.TrimSpace(resp.Choices[0].Content) == "" {
		return "", fmt.Errorf("chat: the model gave no answer")
	}
	return strings.TrimSpace(resp.Choices[0].Content), nil
}
