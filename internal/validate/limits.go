package validate

// A card's bounds. No real card comes near them (a long résumé has a dozen sections, a few
// hundred lines and some 30,000 characters); they exist so that what a visitor can make
// the site draw from one card (its page, cv.pdf, og.png, vCard) costs a bounded amount of
// time and memory, whatever an owner or an imported file puts in it. The editor and the
// JSON Resume import enforce the same bounds, and each field's length is its form's
// (CardProfile, Section, Item, Link): one set of rules for both.
const (
	// MaxSections is the most sections a card holds, hidden ones included.
	MaxSections = 30
	// MaxSectionItems is the most items one section holds.
	MaxSectionItems = 100
	// MaxCardItems is the most items a card holds in all its sections.
	MaxCardItems = 500
	// MaxLinks is the most links a card holds.
	MaxLinks = 50
	// MaxCardText is the most characters of text a card holds in all its fields, both
	// languages counted: with MaxCardItems it keeps the rendered page under MaxPageBytes
	// even when every character is one that HTML escapes into five.
	MaxCardText = 100_000
	// MaxPageBytes is what a card's rendered page stays under at the bounds above.
	MaxPageBytes = 1 << 20
)

// Limit errors, the codes of Error for a card past one of its bounds (N is the bound).
const (
	CodeTooManySections = "too_many_sections"
	CodeTooManyItems    = "too_many_items"
	CodeCardItemsFull   = "card_items_full"
	CodeTooManyLinks    = "too_many_links"
	CodeCardTextFull    = "card_text_full"
	CodeTooLong         = "too_long"
)
