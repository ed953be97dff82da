package messages

import (
	"context"

	"sitecard/models"
)

// Enqueue stores a message as the intake would, without the intake's checks: the tests
// hand it what a hostile producer could (line breaks in a name or an address).
func (s *Service) Enqueue(ctx context.Context, m *models.Message) error {
	return s.Worker.outbox.enqueue(ctx, m)
}
