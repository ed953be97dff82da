package messages

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"sitecard/internal/ttlmap"
	"strconv"
	"strings"
	"time"

	"sitecard/internal/validate"
	"sitecard/models"
	"sitecard/services"
)

// Spam defence without third parties: a field people never see, and a minimum time
// between showing the form and sending it (a signed timestamp, so no state is kept).
const (
	MinFillTime = 3 * time.Second
	MaxFormAge  = 24 * time.Hour
	// Honeypot is the form field that people never see and robots fill in.
	Honeypot = "website"
)

// Intake takes visitors' messages: it checks them (fields, spam, limits) and hands them
// to the outbox.
type Intake struct {
	*env
	outbox *outbox
	// cards remembers, for a second, which card a slug names and who owns it: a card
	// unpublished or given away on another instance stops taking messages under the old
	// terms within the second.
	cards *ttlmap.Map[string, *models.Card]
}

// publishedCard looks the card up, from the second-long memory when it can.
func (s *Intake) publishedCard(ctx context.Context, slug string) (card *models.Card, cached bool, err error) {
	if slug != "" { // "" is the primary card
		var ok bool
		if slug, ok = validate.CardSlug(slug); !ok {
			return nil, false, models.ErrNotFound
		}
	}
	now := s.now()
	if card, ok := s.cards.Get(slug, now); ok {
		return card, true, nil
	}
	card, err = models.PublishedCardRef(ctx, s.db, slug)
	if err == nil {
		s.cards.Put(slug, card, now)
	}
	return card, false, err
}

// Contact is what a visitor sends.
type Contact struct {
	Card     string // slug; empty means the primary card
	Name     string
	Email    string
	Message  string
	ClientIP string
	// The web form's spam checks; the JSON API has neither.
	Form     bool
	Stamp    string
	Honeypot string
	// IdempotencyKey (the API's Idempotency-Key header) makes a retry return the message
	// the first try stored instead of storing a second one.
	IdempotencyKey string
}

// Stamp returns the signed time stamp a form carries, to prove when it was shown.
func (s *Intake) Stamp() string { return s.stampAt(s.now()) }

func (s *Intake) stampAt(t time.Time) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, s.secret)
	mac.Write([]byte("contact:" + ts))
	return ts + "." + hex.EncodeToString(mac.Sum(nil)[:16])
}

// checkForm applies the web form's spam checks.
func (s *Intake) checkForm(in Contact) error {
	if in.Honeypot != "" {
		return services.ErrSpam
	}
	ts, _, ok := strings.Cut(in.Stamp, ".")
	shown, err := strconv.ParseInt(ts, 10, 64)
	if !ok || err != nil || !hmac.Equal([]byte(s.stampAt(time.Unix(shown, 0))), []byte(in.Stamp)) {
		return services.ErrFormExpired
	}
	switch age := s.now().Sub(time.Unix(shown, 0)); {
	case age > MaxFormAge:
		return services.ErrFormExpired
	case age < MinFillTime:
		return services.ErrTooFast
	}
	return nil
}

// idempotency is what an Idempotency-Key is stored as: a hash of the key with the card and
// the client address, so that another visitor's same key is another key, and it compares
// byte for byte on both databases (MariaDB's collation would match a key in other case);
// and a hash of the message, to tell a retry from a key used again for something else.
func idempotency(cardID int64, clientIP, key string, values map[string]string) (scoped, body string) {
	k := sha256.Sum256([]byte(strconv.FormatInt(cardID, 10) + "\x00" + clientIP + "\x00" + key))
	b := sha256.Sum256([]byte(values["name"] + "\x00" + values["email"] + "\x00" + values["message"]))
	return hex.EncodeToString(k[:]), hex.EncodeToString(b[:])
}

// Submit checks a message and stores it in the outbox. A message from a robot that filled
// the hidden field gets services.ErrSpam and is not stored; callers tell the robot "sent".
func (s *Intake) Submit(ctx context.Context, in Contact) (*models.Message, error) {
	if in.Form {
		if err := s.checkForm(in); err != nil {
			return nil, err
		}
	}
	if len(in.IdempotencyKey) > 100 {
		return nil, fieldError("idempotency_key", "too_long", 100)
	}
	values := validate.Trim(map[string]string{"name": in.Name, "email": in.Email, "message": in.Message})
	if err := invalid(validate.Contact().Check(values)); err != nil {
		return nil, err
	}
	card, cached, err := s.publishedCard(ctx, in.Card)
	if errors.Is(err, models.ErrNotFound) {
		return nil, fieldError("card", "choice")
	}
	if err != nil {
		return nil, err // the database, not the visitor: a 503, never "pick from the list"
	}
	var key, body string
	if in.IdempotencyKey != "" {
		key, body = idempotency(card.ID, in.ClientIP, in.IdempotencyKey, values)
		switch m, err := models.MessageByIdempotencyKey(ctx, s.db, key); {
		case err == nil && m.IdempotencyBody != nil && *m.IdempotencyBody != body:
			return nil, fieldError("idempotency_key", "reused")
		case err == nil:
			return m, nil // the retry of a message already stored
		case !errors.Is(err, models.ErrNotFound):
			return nil, err
		}
	}
	if err := s.d.Limiter.Allow(ctx, services.Limit{Name: "contact-ip", Key: s.d.Limiter.Client(in.ClientIP), Rate: s.d.ContactPerIP},
		services.Limit{Name: "contact-card", Key: strconv.FormatInt(card.ID, 10), Rate: s.d.ContactPerCard}); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	m := &models.Message{
		CardID: &card.ID, MemberID: card.MemberID, Name: values["name"], Email: values["email"], Body: values["message"],
		ClientIP: truncate(in.ClientIP, 45), CreatedAt: now, UpdatedAt: now,
	}
	if key != "" {
		m.IdempotencyKey, m.IdempotencyBody = &key, &body
	}
	if err := s.outbox.enqueue(ctx, m); err != nil {
		// Two tries with one key at once: the other one stored it.
		if prior, perr := models.MessageByIdempotencyKey(ctx, s.db, key); key != "" && perr == nil {
			return prior, nil
		}
		// The card remembered may have been deleted since: then the visitor hears that the
		// card is gone, not that the server failed.
		if cached {
			s.cards.Drop(in.Card)
			if _, cerr := models.PublishedCardRef(ctx, s.db, in.Card); errors.Is(cerr, models.ErrNotFound) {
				return nil, fieldError("card", "choice")
			}
		}
		return nil, err
	}
	return m, nil
}
