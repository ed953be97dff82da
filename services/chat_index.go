package services

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/chat"
	"sitecard/models"
)

// embedTimeout bounds one card's embedding calls; indexing runs off the request path.
const embedTimeout = 2 * time.Minute

// IndexFormat is the format of the chat index this code builds: 2 is résumés read into
// facts from their layout (internal/pdflayout); 3 labels more of their headings with the
// kind of section they are ("Academic positions" is experience, "Talks & Awards" both).
// A card indexed by an older format is indexed again at start-up (its résumé read again,
// once, from the stored PDF when its stored facts are of an older FactsFormat).
const IndexFormat = 3

// ChatIndexer keeps each card's chat index (passages and embeddings in the database) in
// step with the card: a card's change wakes it, and a periodic sweep and the start-up
// catch whatever changed elsewhere.
type ChatIndexer struct {
	db      bun.IDB
	uploads *Uploads
	readPDF PDFReader
	models  *chat.Models
	now     func() time.Time
	log     *slog.Logger
	mu      sync.Mutex
	pending map[int64]bool
	wake    chan struct{}
	// unread takes the résumés stored before texts were kept, to be read apart from the
	// indexing: a slow or hostile file holds up no other card.
	unread    chan unreadResume
	onIndexed []func(cardID int64)
}

// ChatIndexerDeps is what the indexer is made of.
type ChatIndexerDeps struct {
	DB      bun.IDB
	Uploads *Uploads
	ReadPDF PDFReader
	// Models may have no embedder: then passages are stored without vectors and ranked
	// lexically.
	Models *chat.Models
	Now    func() time.Time // nil: the wall clock
	Log    *slog.Logger
	// OnIndexed is told, in order, that a card's index was rebuilt (the chatbot drops
	// its cache).
	OnIndexed []func(cardID int64)
}

// NewChatIndexer returns the indexer.
func NewChatIndexer(d ChatIndexerDeps) *ChatIndexer {
	return &ChatIndexer{db: d.DB, uploads: d.Uploads, readPDF: d.ReadPDF, models: d.Models, now: orNow(d.Now), log: d.Log,
		pending: map[int64]bool{}, wake: make(chan struct{}, 1), unread: make(chan unreadResume, 64),
		onIndexed: append([]func(int64){}, d.OnIndexed...)}
}

// unreadResume is a stored résumé whose text was never read, and the card it is on.
type unreadResume struct {
	cardID int64
	name   string
}

// Enqueue asks for card id to be indexed again, soon, by Run.
func (x *ChatIndexer) Enqueue(id int64) {
	x.mu.Lock()
	x.pending[id] = true
	x.mu.Unlock()
	select {
	case x.wake <- struct{}{}:
	default:
	}
}

// Run indexes stale cards, then whatever is enqueued, until ctx ends.
func (x *ChatIndexer) Run(ctx context.Context) {
	go x.readUnread(ctx)
	if err := x.IndexStale(ctx); err != nil && ctx.Err() == nil {
		x.log.Warn("chat index", "err", err)
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-x.wake:
		}
		x.mu.Lock()
		ids := x.pending
		x.pending = map[int64]bool{}
		x.mu.Unlock()
		for id := range ids {
			if err := x.Index(ctx, id); err != nil && ctx.Err() == nil {
				x.log.Warn("chat index", "card", id, "err", err)
			}
		}
	}
}

// readUnread reads the résumés the indexer met without text, one at a time, keeps each
// one's text (or why it has none, so that it is never read again), and indexes its card
// again.
func (x *ChatIndexer) readUnread(ctx context.Context) {
	for {
		var r unreadResume
		select {
		case <-ctx.Done():
			return
		case r = <-x.unread:
		}
		if err := x.readStored(ctx, r.name); err != nil {
			if ctx.Err() == nil {
				x.log.Warn("read a stored résumé", "card", r.cardID, "err", err)
			}
			continue
		}
		x.Enqueue(r.cardID)
	}
}

func (x *ChatIndexer) readStored(ctx context.Context, name string) error {
	// Asked twice (a sweep while it waited): read once.
	if text, status, err := models.UploadText(ctx, x.db, name); err != nil {
		return err
	} else if status != TextRead || text != nil && isFacts(*text) {
		return nil
	}
	f, err := x.uploads.Open(ctx, name)
	if err != nil {
		return err
	}
	text, status, err := readResume(ctx, x.readPDF, f.Body)
	if err != nil {
		return err
	}
	return models.SetUploadText(ctx, x.db, name, text, status)
}

// IndexStale indexes every card whose index is missing, older than the card, or of an
// older format.
func (x *ChatIndexer) IndexStale(ctx context.Context) error {
	ids, err := models.StaleChatIndexes(ctx, x.db, IndexFormat)
	if err != nil {
		return err
	}
	var first error
	for _, id := range ids {
		if err := x.Index(ctx, id); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Index rebuilds one card's passages from what visitors see of it and from its résumé.
// A résumé or embedder failure is recorded on the index (the editor shows it) and the
// rest is indexed all the same.
func (x *ChatIndexer) Index(ctx context.Context, id int64) error {
	card, err := models.CardWithContent(ctx, x.db, id)
	if errors.Is(err, models.ErrNotFound) {
		return nil // deleted meanwhile; its index went with it
	}
	if err != nil {
		return err
	}
	var problems []error
	chunks, reason, err := x.passages(ctx, Visible(card))
	if err != nil {
		problems = append(problems, err)
	}
	embedder := ""
	if x.models.Embedder != nil && len(chunks) > 0 {
		if err := x.embed(ctx, chunks); err != nil {
			problems = append(problems, err)
			reason = IndexEmbeddings
		} else {
			embedder = x.models.EmbedderName
		}
	}
	now := x.now().UTC()
	// The card's version is recorded even when something failed: the sweep then leaves
	// the card alone until it changes, so a bad file is never read in a loop.
	idx := &models.ChatIndex{CardID: id, Version: models.CardVersion(card.UpdatedAt), Chunks: len(chunks), Embedder: embedder,
		IndexedAt: &now, Reason: reason, Format: IndexFormat, UpdatedAt: now}
	if err := errors.Join(problems...); err != nil {
		idx.LastError = err.Error()
	}
	err = x.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := models.ReplaceChunks(ctx, tx, id, chunks); err != nil {
			return err
		}
		return models.SaveChatIndex(ctx, tx, idx)
	})
	if err != nil {
		return err
	}
	for _, fn := range x.onIndexed {
		fn(id)
	}
	return nil
}

// What the editor says went wrong in a card's last indexing (chat_indexes.reason): the
// résumé's text status ("resume_no_text", …), or one of these.
const (
	IndexResumeMissing = "resume_missing"
	IndexResumeUnread  = models.IndexResumeUnread // being read; the card is indexed again after
	IndexEmbeddings    = "embeddings"
)

// passages splits the card's text and its résumé's into chunks, and says why the résumé
// gave none, if it did not.
func (x *ChatIndexer) passages(ctx context.Context, card *models.Card) ([]models.ChatChunk, string, error) {
	var chunks []models.ChatChunk
	add := func(source, text string) error {
		parts, err := chat.Split(text)
		for _, p := range parts {
			chunks = append(chunks, models.ChatChunk{CardID: card.ID, Seq: len(chunks), Source: source, Content: p})
		}
		return err
	}
	if err := add(models.ChunkFromCard, chat.CardText(card)); err != nil {
		return chunks, "", err
	}
	if card.ResumePath == "" {
		return chunks, "", nil
	}
	text, status, err := models.UploadText(ctx, x.db, card.ResumePath)
	if err != nil {
		return chunks, IndexResumeMissing, fmt.Errorf("the résumé file is missing: %w", err)
	}
	if status != TextRead {
		return chunks, "resume_" + status, nil
	}
	if text != nil && chat.CurrentFacts(*text) {
		facts, _ := chat.DecodeFacts(*text)
		return chunks, "", add(models.ChunkFromResume, strings.Join(chat.FactLines(facts), "\n"))
	}
	// Stored before texts were kept (nil), as the plain text of its pages by an older
	// version, or as facts of an older reading: read again, apart, and this card indexed
	// again after. Meanwhile the old text or facts answer as they did.
	select {
	case x.unread <- unreadResume{cardID: card.ID, name: card.ResumePath}:
	default: // the reader is busy; the card stays stale and the next sweep asks again
	}
	if text != nil {
		lines := chat.ResumeLines(*text)
		if facts, ok := chat.DecodeFacts(*text); ok {
			lines = chat.FactLines(facts)
		}
		if err := add(models.ChunkFromResume, strings.Join(lines, "\n")); err != nil {
			return chunks, IndexResumeUnread, err
		}
	}
	return chunks, IndexResumeUnread, nil
}

// isFacts reports a stored text of facts in this reading's format: nothing to read again.
func isFacts(text string) bool {
	return chat.CurrentFacts(text)
}

func (x *ChatIndexer) embed(ctx context.Context, chunks []models.ChatChunk) error {
	ctx, cancel := context.WithTimeout(ctx, embedTimeout)
	defer cancel()
	texts := make([]string, len(chunks))
	for i, c := range chunks {
		texts[i] = c.Content
	}
	vecs, err := x.models.Embedder.EmbedDocuments(ctx, texts)
	if err != nil {
		return fmt.Errorf("embeddings: %w", err)
	}
	if len(vecs) != len(chunks) {
		return fmt.Errorf("embeddings: %d vectors for %d passages", len(vecs), len(chunks))
	}
	for i := range chunks {
		chunks[i].Embedding = packVector(vecs[i])
	}
	return nil
}

// Status returns a card's index state for the editor; a card never indexed has none.
func (x *ChatIndexer) Status(ctx context.Context, cardID int64) (*models.ChatIndex, error) {
	idx, err := models.ChatIndexOf(ctx, x.db, cardID)
	if errors.Is(err, models.ErrNotFound) {
		return &models.ChatIndex{CardID: cardID}, nil
	}
	return idx, err
}

// packVector stores a vector as little-endian float32s.
func packVector(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, f := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(f))
	}
	return b
}

func unpackVector(b []byte) []float32 {
	v := make([]float32, len(b)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v
}
