package messages

import (
	"strings"
)

// builtin is the one list of channels, in the order the pages show them. A new channel is
// one file that implements Channel, and one line here.
func builtin(e *env) []Channel {
	return []Channel{newKakao(e), newEmail(e), newWebhook(e)}
}

// defaultPool is how many deliveries by one channel run at once on one instance, unless
// the channel says otherwise (pooled). Each waits at most ChannelTimeout on its receiver.
const defaultPool = 4

// registry is the channels of this site, by name and in order.
type registry struct {
	list   []Channel
	byName map[string]Channel
}

func newRegistry(chs []Channel) (*registry, error) {
	r := &registry{byName: map[string]Channel{}}
	for _, ch := range chs {
		name := ch.Name()
		if name == "" || len(name) > 16 || strings.Contains(name, "_") || r.byName[name] != nil {
			// 16: the column's width; "_" joins names in a reach's key.
			return nil, errBadChannel(name)
		}
		r.list = append(r.list, ch)
		r.byName[name] = ch
	}
	if len(r.list) == 0 {
		return nil, errBadChannel("")
	}
	return r, nil
}

// names lists the channels' names in order.
func (r *registry) names() []string {
	out := make([]string, len(r.list))
	for i, ch := range r.list {
		out[i] = ch.Name()
	}
	return out
}

// get is the channel of that name, nil for none.
func (r *registry) get(name string) Channel { return r.byName[name] }

// holding is the channel a message that no channel can take waits on: the first, as
// messages always waited on KakaoTalk.
func (r *registry) holding() Channel { return r.list[0] }

// pool is how many deliveries by the named channel may run at once.
func (r *registry) pool(name string) int {
	if p, ok := r.byName[name].(pooled); ok {
		return p.pool()
	}
	return defaultPool
}

// waits reports whether a message waits for the named channel while it is not ready.
func (r *registry) waits(name string) bool {
	w, ok := r.byName[name].(waiter)
	return ok && w.waits()
}

type errBadChannel string

func (e errBadChannel) Error() string {
	return "messages: a channel needs a unique name of 1 to 16 characters without \"_\": " + strings.TrimSpace(string(e))
}
