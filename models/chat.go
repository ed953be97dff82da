package models

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// Where a chat chunk's text comes from.
const (
	ChunkFromCard   = "card"
	ChunkFromResume = "resume"
)

// ChatChunk is one passage of a card's text that the chatbot retrieves, with its
// embedding when an embedder is configured (little-endian float32s).
type ChatChunk struct {
	bun.BaseModel `bun:"table:chat_chunks"`

	ID        int64  `bun:"id,pk,autoincrement"`
	CardID    int64  `bun:"card_id,notnull"`
	Seq       int    `bun:"seq,notnull"`
	Source    string `bun:"source,notnull"`
	Content   string `bun:"content,notnull"`
	Embedding []byte `bun:"embedding"`
}

// ChatIndex is the state of one card's chat index, shown in the editor. Version is the
// card's updated_at when it was indexed: a card whose updated_at differs is stale. Format
// is the index's format: one older than the code's is stale too.
type ChatIndex struct {
	bun.BaseModel `bun:"table:chat_indexes"`

	CardID    int64      `bun:"card_id,pk"`
	Version   string     `bun:"version,notnull"`
	Chunks    int        `bun:"chunks,notnull"`
	Embedder  string     `bun:"embedder,notnull"`
	IndexedAt *time.Time `bun:"indexed_at"`
	LastError string     `bun:"last_error,notnull"`
	Reason    string     `bun:"reason,notnull"` // what the editor says went wrong, as a code
	Format    int        `bun:"format,notnull"`
	UpdatedAt time.Time  `bun:"updated_at,notnull"`
}

// IndexResumeUnread is a chat index built while its card's résumé was still to be read:
// it is stale until the résumé has been read.
const IndexResumeUnread = "resume_unread"

// CardVersion is what a chat index records of the card it was built from.
func CardVersion(updatedAt time.Time) string { return updatedAt.UTC().Format(time.RFC3339Nano) }

// ReplaceChunks stores a card's new chunks in place of the old ones. Run it in a
// transaction so that readers never see a half-built index.
func ReplaceChunks(ctx context.Context, db bun.IDB, cardID int64, chunks []ChatChunk) error {
	if _, err := db.NewDelete().Model((*ChatChunk)(nil)).Where("card_id = ?", cardID).Exec(ctx); err != nil {
		return fmt.Errorf("models: clear chunks of card %d: %w", cardID, err)
	}
	if len(chunks) == 0 {
		return nil
	}
	if _, err := db.NewInsert().Model(&chunks).Exec(ctx); err != nil {
		return fmt.Errorf("models: store chunks of card %d: %w", cardID, err)
	}
	return nil
}

// ChunksOf returns a card's chunks in order.
func ChunksOf(ctx context.Context, db bun.IDB, cardID int64) ([]ChatChunk, error) {
	var chunks []ChatChunk
	if err := db.NewSelect().Model(&chunks).Where("card_id = ?", cardID).Order("seq").Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: chunks of card %d: %w", cardID, err)
	}
	return chunks, nil
}

// SaveChatIndex stores a card's index state.
func SaveChatIndex(ctx context.Context, db bun.IDB, idx *ChatIndex) error {
	q := upsert(db, db.NewInsert().Model(idx), "card_id",
		[]string{"version", "chunks", "embedder", "indexed_at", "last_error", "reason", "format", "updated_at"}, nil)
	if _, err := q.Exec(ctx); err != nil {
		return fmt.Errorf("models: save chat index of card %d: %w", idx.CardID, err)
	}
	return nil
}

// ChatIndexOf returns a card's index state, or ErrNotFound before its first indexing.
func ChatIndexOf(ctx context.Context, db bun.IDB, cardID int64) (*ChatIndex, error) {
	idx := new(ChatIndex)
	if err := db.NewSelect().Model(idx).Where("card_id = ?", cardID).Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: chat index of card %d: %w", cardID, notFound(err))
	}
	return idx, nil
}

// StaleChatIndexes lists the cards whose index is missing, older than the card, or of a
// format older than format.
func StaleChatIndexes(ctx context.Context, db bun.IDB, format int) ([]int64, error) {
	var cards []Card
	if err := db.NewSelect().Model(&cards).Column("id", "updated_at").Order("id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: cards to index: %w", err)
	}
	var idxs []ChatIndex
	if err := db.NewSelect().Model(&idxs).Column("card_id", "version", "reason", "format").Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: chat indexes: %w", err)
	}
	have := make(map[int64]ChatIndex, len(idxs))
	for _, idx := range idxs {
		have[idx.CardID] = idx
	}
	var stale []int64
	for _, c := range cards {
		idx, ok := have[c.ID]
		if !ok || idx.Version != CardVersion(c.UpdatedAt) || idx.Reason == IndexResumeUnread || idx.Format < format {
			stale = append(stale, c.ID)
		}
	}
	return stale, nil
}

// ChatCard returns what the chatbot needs of a published card: its id, slug, names,
// switch and version. slug "" is the site's primary card.
func ChatCard(ctx context.Context, db bun.IDB, slug string) (*Card, error) {
	c := new(Card)
	q := db.NewSelect().Model(c).Column("id", "slug", "name_ko", "name_en", "chat_enabled", "updated_at").Where("published = ?", true)
	if slug == "" {
		q = q.OrderExpr("is_primary DESC, id ASC").Limit(1)
	} else {
		q = q.Where("slug = ?", slug)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: chat card %q: %w", slug, notFound(err))
	}
	return c, nil
}
