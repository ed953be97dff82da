package services

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/chat"
	"sitecard/internal/config"
	"sitecard/internal/i18n"
	"sitecard/internal/lru"
	"sitecard/internal/validate"
	"sitecard/models"
)

// Chat answers visitors' questions about a card from its index: with a language model
// when one is configured, and otherwise (or when the model fails) by quoting the card.
type Chat struct {
	db      bun.IDB
	models  *chat.Models
	prompt  *chat.Prompt
	catalog *i18n.Catalog
	limiter *Limiter
	perIP   config.Rate
	timeout time.Duration
	now     func() time.Time
	log     *slog.Logger
	// cards keeps each card's loaded index for a few seconds, so that questions cost no
	// database reads; a local change drops it at once, other instances' within cacheTTL.
	// It is keyed by card ID and bounded by entries and bytes: however a visitor spells a
	// card, it is one entry, and many cards asked at once cannot grow memory past the
	// bound. slugs maps the addresses that found a card (the primary card is "") to its ID;
	// both are changed under mu only.
	mu    sync.Mutex
	cards *lru.Cache[int64, *cardCache]
	slugs map[string]int64
	// answered is told the kind of each answer (the metrics count them).
	answered func(kind string)
}

// cacheTTL is how long a loaded card and index are trusted before they are checked.
const cacheTTL = 5 * time.Second

// maxHistory is how many turns a conversation remembers.
const maxHistory = 5

// The chat cache's bounds: a few hundred cards' indexes, 32 MB at most.
const (
	chatCacheEntries = 512
	chatCacheBytes   = 32 << 20
)

type cardCache struct {
	slugs    []string // the addresses it is known under, dropped with it
	size     int64
	card     *models.Card
	version  string
	passages []string
	sources  []string // where each passage is from: models.ChunkFromCard or ChunkFromResume
	lexical  *chat.Lexical
	vectors  *chat.Vectors
	loadedAt time.Time
}

// ChatDeps is what the chatbot is made of.
type ChatDeps struct {
	DB      bun.IDB
	Models  *chat.Models
	Catalog *i18n.Catalog
	// Limiter counts each address's questions, at most PerIP (CHAT_RATE_PER_IP).
	Limiter *Limiter
	PerIP   config.Rate
	// Timeout bounds one model call.
	Timeout time.Duration
	Now     func() time.Time // nil: the wall clock
	Log     *slog.Logger
	// OnAnswer is told each answer's kind: model, quoted or fallback (the metrics count
	// them); nil: nobody.
	OnAnswer func(kind string)
}

// NewChat returns the chatbot.
func NewChat(d ChatDeps) (*Chat, error) {
	p, err := chat.NewPrompt()
	if err != nil {
		return nil, err
	}
	answered := d.OnAnswer
	if answered == nil {
		answered = func(string) {}
	}
	s := &Chat{db: d.DB, models: d.Models, prompt: p, catalog: d.Catalog, limiter: d.Limiter, perIP: d.PerIP, timeout: d.Timeout,
		now: orNow(d.Now), log: d.Log, slugs: map[string]int64{}, answered: answered}
	s.cards = lru.New[int64, *cardCache](chatCacheEntries, chatCacheBytes).OnEvict(func(id int64, cc *cardCache) {
		// Called from Put and Clear, which run under s.mu.
		for _, slug := range cc.slugs {
			if s.slugs[slug] == id {
				delete(s.slugs, slug)
			}
		}
	})
	return s, nil
}

// CacheSize reports the cached cards and their estimated bytes (the metrics show them).
func (s *Chat) CacheSize() (entries int, bytes int64) { return s.cards.Len(), s.cards.Bytes() }

// Forget drops what is cached of every card; the indexer and the editor call it.
func (s *Chat) Forget(int64) {
	s.mu.Lock()
	s.cards.Clear()
	s.mu.Unlock()
}

// Question is what a visitor asks about a card.
type Question struct {
	Card     string // slug; "" is the primary card
	Text     string
	ClientIP string
	UILang   string // the page's language, used when the question's own is unclear
	// History reads the visitor's earlier turns with the card the question turned out to
	// be about; nil means a question asked alone.
	History func(cardID int64) []chat.Turn
}

// Reply is an answer. Quoted says it quotes the card; Fallback says a configured model
// failed and the card was quoted instead. History is the conversation with this turn
// added, trimmed to what is remembered: the caller keeps it for the next question.
type Reply struct {
	Answer   string
	Lang     string
	Quoted   bool
	Fallback bool
	CardID   int64
	CardSlug string
	History  []chat.Turn
}

// Card returns the published card a question is about, if its chatbot is on.
func (s *Chat) Card(ctx context.Context, slug string) (*models.Card, error) {
	cc, err := s.load(ctx, slug)
	if err != nil {
		return nil, err
	}
	return cc.card, nil
}

// Ask answers a question.
func (s *Chat) Ask(ctx context.Context, q Question) (*Reply, error) {
	text := strings.TrimSpace(q.Text)
	if err := invalid(validate.Chat().Check(map[string]string{"question": text})); err != nil {
		return nil, err
	}
	cc, err := s.load(ctx, q.Card)
	if err != nil {
		return nil, err
	}
	if err := s.limiter.Allow(ctx, Limit{"chat-ip", s.limiter.Client(q.ClientIP), s.perIP}); err != nil {
		return nil, err
	}
	lang := chat.Language(text, q.UILang)
	var history []chat.Turn
	if q.History != nil {
		history = remembered(q.History(cc.card.ID))
	}
	r := &Reply{Lang: lang, CardID: cc.card.ID, CardSlug: cc.card.Slug}
	kind := "model"
	if s.models.Generator == nil {
		r.Answer, r.Quoted, kind = s.quote(cc, text, lang, maxAnswerRunes), true, "quoted"
	} else if answer, err := s.generate(ctx, cc, text, lang, history); err != nil {
		// The visitor still gets the card's own words, marked as such.
		s.log.Warn("chat model failed; quoting the card", "card", cc.card.Slug, "err", err)
		notice := s.t(lang, "chat.fallback") + "\n"
		r.Answer, r.Quoted, r.Fallback, kind = notice+s.quote(cc, text, lang, maxAnswerRunes-len([]rune(notice))), true, true, "fallback"
	} else {
		r.Answer = answer
	}
	s.answered(kind)
	r.History = remembered(append(history, chat.Turn{Question: text, Answer: r.Answer}))
	return r, nil
}

// remembered is the last turns of a conversation, as many as are kept. It copies, so the
// caller's slice is never appended into.
func remembered(turns []chat.Turn) []chat.Turn {
	if len(turns) > maxHistory {
		turns = turns[len(turns)-maxHistory:]
	}
	return append([]chat.Turn(nil), turns...)
}

func (s *Chat) t(lang, key string) string { return s.catalog.T(lang, key) }

// quote is the embedded answer: one to three facts that answer the question, under one
// heading line in the visitor's language that says where they are written (the résumé
// or the card, and under which headings), in under maxAnswerRunes characters all told.
func (s *Chat) quote(cc *cardCache, question, lang string, budget int) string {
	quotes := cc.lexical.Answer(chat.NewQuery(question))
	if len(quotes) == 0 {
		return s.t(lang, "chat.dont_know")
	}
	var facts, sections []string
	fromCard, fromResume := false, false
	for _, qt := range quotes {
		label, fact, ok := strings.Cut(qt.Text, ": ")
		if !ok {
			label, fact = "", qt.Text
		}
		if cc.sources[qt.Passage] == models.ChunkFromResume {
			fromResume = true
		} else {
			fromCard = true
		}
		if name := chat.SectionName(label, lang); name != "" && !slices.Contains(sections, name) {
			sections = append(sections, name)
		}
		facts = append(facts, chat.Clean(fact))
	}
	key := "chat.quote_card"
	switch {
	case fromCard && fromResume:
		key = "chat.quote_both"
	case fromResume:
		key = "chat.quote_resume"
	}
	var heading string
	if len(sections) == 0 {
		heading = s.t(lang, key+"_plain")
	} else {
		named := make([]string, len(sections))
		for i, name := range sections {
			named[i] = fmt.Sprintf(s.t(lang, "chat.quote_section"), name)
		}
		heading = fmt.Sprintf(s.t(lang, key), strings.Join(named, s.t(lang, "chat.quote_sections_sep")))
	}
	answer := heading
	left := budget - len([]rune(answer))
	for i, fact := range facts {
		sep := "\n· "
		if len(facts) == 1 {
			sep = " "
		}
		room := left - len([]rune(sep))
		if i > 0 && room < minQuotedRunes {
			break
		}
		fact = shorten(fact, room)
		answer += sep + fact
		left -= len([]rune(sep)) + len([]rune(fact))
	}
	return answer
}

// maxAnswerRunes bounds an embedded answer; minQuotedRunes is the least of a second or
// third fact worth quoting.
const (
	maxAnswerRunes = 599
	minQuotedRunes = 60
)

// shorten cuts s to n runes at most, at a space where it can.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	if n < 2 {
		return "…"
	}
	cut := string(r[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// generate asks the model with the top 3 passages, by embedding when the card's index has
// vectors and the question can be embedded, lexically otherwise.
func (s *Chat) generate(ctx context.Context, cc *cardCache, question, lang string, history []chat.Turn) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	var hits []chat.Hit
	if cc.vectors != nil && s.models.Embedder != nil {
		if qv, err := s.models.Embedder.EmbedQuery(ctx, question); err == nil {
			hits = cc.vectors.Search(qv, 3)
		} else {
			s.log.Warn("chat: question embedding failed; ranking lexically", "err", err)
		}
	}
	if len(hits) == 0 {
		hits = cc.lexical.Search(chat.NewQuery(question), 3)
	}
	passages := make([]string, 0, len(hits))
	for _, h := range hits {
		passages = append(passages, cc.passages[h.Index])
	}
	name := cc.card.NameKo
	if lang == i18n.English && cc.card.NameEn != "" {
		name = cc.card.NameEn
	}
	msgs, err := s.prompt.Messages(chat.PromptInput{Name: name, Language: lang, DontKnow: s.t(lang, "chat.dont_know"),
		Context: passages, History: history, Question: question})
	if err != nil {
		return "", err
	}
	return s.models.Generate(ctx, msgs)
}

// load returns the card's cached index, reloading it when it is older than cacheTTL and
// the card or its index changed meanwhile.
func (s *Chat) load(ctx context.Context, slug string) (*cardCache, error) {
	if slug != "" { // "" is the primary card
		var ok bool
		if slug, ok = validate.CardSlug(slug); !ok {
			return nil, models.ErrNotFound
		}
	}
	now := s.now()
	s.mu.Lock()
	cc, _ := s.cards.Get(s.slugs[slug])
	s.mu.Unlock()
	if cc != nil && now.Sub(cc.loadedAt) < cacheTTL {
		return cc, nil
	}
	card, err := models.ChatCard(ctx, s.db, slug)
	if errors.Is(err, models.ErrNotFound) {
		s.mu.Lock()
		delete(s.slugs, slug) // renamed or deleted since
		s.mu.Unlock()
	}
	if err != nil {
		return nil, err
	}
	if !card.ChatEnabled {
		return nil, models.ErrNotFound
	}
	version := models.CardVersion(card.UpdatedAt)
	if idx, err := models.ChatIndexOf(ctx, s.db, card.ID); err == nil {
		version += "/" + models.CardVersion(*idx.IndexedAt)
	} else if !errors.Is(err, models.ErrNotFound) {
		return nil, err
	}
	s.mu.Lock()
	if known, ok := s.cards.Get(card.ID); ok {
		cc = known // found before under another address (the primary card's "")
	}
	s.mu.Unlock()
	if cc == nil || cc.version != version {
		if cc, err = s.build(ctx, card, version); err != nil {
			return nil, err
		}
	}
	fresh := *cc
	fresh.card, fresh.loadedAt = card, now
	if !slices.Contains(fresh.slugs, slug) {
		fresh.slugs = append(slices.Clip(fresh.slugs), slug)
	}
	s.mu.Lock()
	s.cards.Put(card.ID, &fresh, fresh.size)
	s.slugs[slug] = card.ID
	s.mu.Unlock()
	return &fresh, nil
}

func (s *Chat) build(ctx context.Context, card *models.Card, version string) (*cardCache, error) {
	chunks, err := models.ChunksOf(ctx, s.db, card.ID)
	if err != nil {
		return nil, err
	}
	cc := &cardCache{card: card, version: version, passages: make([]string, len(chunks)), sources: make([]string, len(chunks))}
	vecs := make([][]float32, len(chunks))
	hasVectors := false
	for i, c := range chunks {
		cc.passages[i], cc.sources[i] = c.Content, c.Source
		if len(c.Embedding) > 0 {
			vecs[i], hasVectors = unpackVector(c.Embedding), true
		}
	}
	cc.lexical = chat.NewLexical(cc.passages)
	if hasVectors {
		cc.vectors = chat.NewVectors(vecs)
	}
	// An estimate, not a measure: the text, about twice that again for the lexical
	// index's terms and postings, and the vectors.
	cc.size = 4 << 10
	for i, p := range cc.passages {
		cc.size += 3*int64(len(p)) + 4*int64(len(vecs[i]))
	}
	return cc, nil
}
