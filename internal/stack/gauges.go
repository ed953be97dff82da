package stack

import "context"

// gauges reads, when the metrics are scraped, the messages by outbox state and the
// KakaoTalk connections by state.
func (s *Services) gauges(ctx context.Context) (outbox, tokens map[string]int, err error) {
	if outbox, err = s.Messages.Worker.Depth(ctx); err != nil {
		return nil, nil, err
	}
	tokens, err = s.Messages.Account.Count(ctx)
	return outbox, tokens, err
}
