package messages_test

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/models"
	"sitecard/services/messages"
)

// pigeon is a channel of this test's own: the one file a new channel needs is this type,
// and the one registration is Deps.Extra. It answers with the outcomes it is told to, in
// order, then delivers.
type pigeon struct {
	mu       sync.Mutex
	letters  []messages.Letter
	outcomes []messages.Outcome
}

func (p *pigeon) Name() string { return "pigeon" }

func (p *pigeon) Ready(context.Context, int64) (bool, models.Reason, error) {
	return true, models.ReasonNone, nil
}

func (p *pigeon) Send(_ context.Context, l messages.Letter) messages.Outcome {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.letters = append(p.letters, l)
	if len(p.outcomes) == 0 {
		return messages.Outcome{Verdict: messages.Delivered}
	}
	o := p.outcomes[0]
	p.outcomes = p.outcomes[1:]
	return o
}

func (p *pigeon) answer(o ...messages.Outcome) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.outcomes = append(p.outcomes, o...)
}

func (p *pigeon) sent() []messages.Letter {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.letters)
}

// counted is the metrics as the outbox tells them.
type counted struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counted) Delivered(channel, outcome string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[channel+" "+outcome]++
}

func (c *counted) get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[k]
}

// A new channel needs one file and one registration: registered beside the built-in
// ones, it is in the settings, it takes messages through the real intake, outbox and
// worker, and its failures are recorded as the other channels' are: retried with
// backoff and told as failing, failed at once when it says so, failed after the last
// attempt when it keeps asking for retries.
func TestANewChannelNeedsOneFileAndOneRegistration(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		p := &pigeon{}
		metrics := &counted{n: map[string]int{}}
		k := newSite(t, cfg, stackOptions{extra: []messages.Channel{p}, metrics: metrics})
		ctx := context.Background()
		// KakaoTalk off: the pigeon alone carries alice's messages.
		if err := k.srv.Channels.SetEnabled(ctx, k.alice, models.ChannelKakao, false); err != nil {
			t.Fatal(err)
		}
		if names := k.srv.Channels.Channels(); !slices.Contains(names, "pigeon") {
			t.Fatalf("the settings list %v", names)
		}
		// Until it is on, a message waits, as with any channel.
		waiting := k.send(t, "before the pigeon")
		if err := k.srv.Channels.SetEnabled(ctx, k.alice, "pigeon", true); err != nil {
			t.Fatal(err)
		}
		if r, err := k.srv.Contacts.MemberReach(ctx, k.alice); err != nil || r.Key() != "pigeon" || !k.srv.Contacts.ValidReachKey("kakao_pigeon") {
			t.Errorf("the reach: %+v %v", r, err)
		}

		id := k.send(t, "by pigeon")
		k.deliver(t)
		for _, m := range []int64{waiting, id} {
			if got := k.message(t, m); got.State != models.MessageSent {
				t.Errorf("message %d: %s (%s)", m, got.State, got.LastError)
			}
		}
		letters := p.sent()
		if len(letters) != 2 {
			t.Fatalf("the pigeon carried %d letters, want 2", len(letters))
		}
		l := letters[1]
		if l.Message.Body != "by pigeon" || l.Card != "alice" || l.MemberID != k.alice || !l.Setting.Enabled ||
			l.Link != cfg.BaseURL.String()+"/admin/messages/"+strconv.FormatInt(id, 10) || !strings.HasPrefix(l.ID, "dlv_") {
			t.Errorf("the letter: %+v", l)
		}
		if metrics.get("pigeon sent") != 2 {
			t.Errorf("metrics: %v", metrics.n)
		}

		// A failure to retry: pending after a backoff, in the history, the channel failing.
		p.answer(messages.Outcome{Verdict: messages.Retry, Reason: models.ReasonUnreachable, Err: errors.New("the pigeon got lost")})
		id = k.send(t, "lost once")
		k.deliver(t)
		d := delivery(t, k, id, "pigeon")
		if d.State != models.MessagePending || d.Reason != models.ReasonUnreachable || d.NextAttemptAt == nil || !d.NextAttemptAt.After(k.clock.Now()) {
			t.Fatalf("after a retry: %+v", d)
		}
		hist, err := models.MessageAttempts(ctx, k.srv.DB, id)
		if err != nil || len(hist) != 1 || hist[0].Channel != "pigeon" || hist[0].Outcome != "retry" || hist[0].Error != "the pigeon got lost" {
			t.Fatalf("history: %+v %v", hist, err)
		}
		if sts, _ := k.srv.Channels.Status(ctx, k.alice); sts[len(sts)-1].Channel != "pigeon" || sts[len(sts)-1].Health() != "failing" {
			t.Errorf("health after a failure: %+v", sts[len(sts)-1])
		}
		k.clock.Advance(time.Minute)
		k.deliver(t)
		if m := k.message(t, id); m.State != models.MessageSent {
			t.Errorf("after the backoff: %s", m.State)
		}
		if sts, _ := k.srv.Channels.Status(ctx, k.alice); sts[len(sts)-1].Health() != "healthy" {
			t.Errorf("health after a delivery: %s", sts[len(sts)-1].Health())
		}

		// A permanent refusal fails it at once.
		p.answer(messages.Outcome{Verdict: messages.Failed, Reason: models.ReasonGone, Err: errors.New("no such roost")})
		id = k.send(t, "refused")
		k.deliver(t)
		if d := delivery(t, k, id, "pigeon"); d.State != models.MessageFailed || d.Reason != models.ReasonGone {
			t.Errorf("after a refusal: %+v", d)
		}

		// Retries end after the last attempt, on this channel as on every other.
		for range messages.MaxAttempts {
			p.answer(messages.Outcome{Verdict: messages.Retry, Reason: models.ReasonUnreachable, Err: errors.New("lost again")})
		}
		id = k.send(t, "lost for good")
		for range messages.MaxAttempts + 2 {
			k.deliver(t)
			k.clock.Advance(31 * time.Minute)
		}
		if d := delivery(t, k, id, "pigeon"); d.State != models.MessageFailed || d.Attempts != messages.MaxAttempts {
			t.Errorf("after %d retries: %+v", messages.MaxAttempts, d)
		}
		if metrics.get("pigeon failed") != 2 || metrics.get("pigeon retry") != messages.MaxAttempts {
			t.Errorf("metrics: %v", metrics.n)
		}
	})
}

// The channels' names are branched on nowhere but in the channel files: the rest of the
// package, the handlers and the server ask the registry. A name spelled out, or one of
// the models' channel constants, anywhere else fails this.
func TestChannelNamesLiveInTheChannelFiles(t *testing.T) {
	names := []string{`"kakao"`, `"email"`, `"webhook"`}
	constants := []string{"ChannelKakao", "ChannelEmail", "ChannelWebhook", "Channels"}
	own := map[string]bool{"kakao.go": true, "email.go": true, "webhook.go": true, "registry.go": true}
	// Strings that are another thing's name: the contact form's field. In the handlers
	// and the server "kakao" is also a route and a page, so only the constants count
	// there.
	fields := map[string][]string{"intake.go": {`"email"`}}
	dirs := map[string]bool{".": true, "../../handlers": false, "../../internal/server": false}
	for dir, literals := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: %v", dir, err)
		}
		for _, file := range files {
			base := filepath.Base(file)
			if strings.HasSuffix(base, "_test.go") || dir == "." && own[base] {
				continue
			}
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			f, err := parser.ParseFile(token.NewFileSet(), file, src, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.SelectorExpr:
					if id, ok := n.X.(*ast.Ident); ok && id.Name == "models" && slices.Contains(constants, n.Sel.Name) {
						t.Errorf("%s names a channel: models.%s", file, n.Sel.Name)
					}
				case *ast.BasicLit:
					if literals && n.Kind == token.STRING && slices.Contains(names, n.Value) && !slices.Contains(fields[base], n.Value) {
						t.Errorf("%s spells a channel's name: %s", file, n.Value)
					}
				}
				return true
			})
		}
	}
}
