package testutil

import (
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"sitecard/internal/chat"
)

// FakeLLM is a model server for tests that speaks both the OpenAI-compatible API
// (/v1/chat/completions, /v1/embeddings) and Ollama's (/api/chat, /api/embed). It
// records every chat request, answers with a set text, and can fail or stall on demand.
// Its embeddings are bags of chat.Terms hashed into 64 dimensions, so that texts sharing
// words are near each other.
type FakeLLM struct {
	URL    string
	mu     sync.Mutex
	chats  [][]LLMMessage
	embeds int
	answer string
	status int
	delay  time.Duration
}

// LLMMessage is one message of a recorded chat request.
type LLMMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// NewFakeLLM starts the fake on loopback.
func NewFakeLLM(t testing.TB) *FakeLLM {
	t.Helper()
	f := &FakeLLM{answer: "저는 홍길동입니다."}
	ts := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(ts.Close)
	f.URL = ts.URL
	return f
}

// SetAnswer sets what every chat request is answered.
func (f *FakeLLM) SetAnswer(s string) { f.mu.Lock(); f.answer = s; f.mu.Unlock() }

// Fail makes every request answer status (0: succeed again).
func (f *FakeLLM) Fail(status int) { f.mu.Lock(); f.status = status; f.mu.Unlock() }

// Stall makes every request wait d before answering.
func (f *FakeLLM) Stall(d time.Duration) { f.mu.Lock(); f.delay = d; f.mu.Unlock() }

// Chats returns the chat requests received so far.
func (f *FakeLLM) Chats() [][]LLMMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([][]LLMMessage(nil), f.chats...)
}

// Embeds returns how many embedding requests came.
func (f *FakeLLM) Embeds() int { f.mu.Lock(); defer f.mu.Unlock(); return f.embeds }

func (f *FakeLLM) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	status, delay, answer := f.status, f.delay, f.answer
	f.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	if status != 0 {
		http.Error(w, `{"error":{"message":"the fake is down"}}`, status)
		return
	}
	var in struct {
		Messages []LLMMessage `json:"messages"`
		Input    any          `json:"input"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/v1/chat/completions":
		f.record(in.Messages)
		writeJSONBody(w, map[string]any{"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "fake",
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop", "message": map[string]any{"role": "assistant", "content": answer}}},
			"usage":   map[string]int{"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})
	case "/api/chat":
		f.record(in.Messages)
		writeJSONBody(w, map[string]any{"model": "fake", "created_at": time.Now().UTC(), "done": true,
			"message": map[string]any{"role": "assistant", "content": answer}})
	case "/v1/embeddings":
		texts := inputs(in.Input)
		data := make([]any, len(texts))
		for i, s := range texts {
			data[i] = map[string]any{"object": "embedding", "index": i, "embedding": FakeEmbedding(s)}
		}
		f.countEmbed()
		writeJSONBody(w, map[string]any{"object": "list", "model": "fake-embed", "data": data, "usage": map[string]int{"prompt_tokens": 1, "total_tokens": 1}})
	case "/api/embed":
		texts := inputs(in.Input)
		vecs := make([][]float32, len(texts))
		for i, s := range texts {
			vecs[i] = FakeEmbedding(s)
		}
		f.countEmbed()
		writeJSONBody(w, map[string]any{"model": "fake-embed", "embeddings": vecs})
	default:
		http.NotFound(w, r)
	}
}

func (f *FakeLLM) record(msgs []LLMMessage) {
	f.mu.Lock()
	f.chats = append(f.chats, msgs)
	f.mu.Unlock()
}
func (f *FakeLLM) countEmbed() { f.mu.Lock(); f.embeds++; f.mu.Unlock() }

func inputs(v any) []string {
	switch in := v.(type) {
	case string:
		return []string{in}
	case []any:
		out := make([]string, 0, len(in))
		for _, s := range in {
			if str, ok := s.(string); ok {
				out = append(out, str)
			}
		}
		return out
	}
	return nil
}

func writeJSONBody(w http.ResponseWriter, v any) {
	if err := json.NewEncoder(w).Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// FakeEmbedding is the fake's vector for a text.
func FakeEmbedding(s string) []float32 {
	v := make([]float32, 64)
	for _, t := range chat.QueryTerms(s) {
		h := uint32(2166136261) // FNV-1a
		for i := 0; i < len(t); i++ {
			h = (h ^ uint32(t[i])) * 16777619
		}
		v[h%64]++
	}
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	if n > 0 {
		for i := range v {
			v[i] /= float32(math.Sqrt(n))
		}
	}
	return v
}
