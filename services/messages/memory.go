package messages

import "time"

// memoryTTL is how long the package's short memories (internal/ttlmap) remember a value:
// a burst of messages then costs one lookup of a card, a member's routes or reach, not
// one each, and a change made on another instance takes effect within the second. Only
// keys that name something that exists (a card, a member) are put, so the memories are
// bounded by those, not by what visitors type.
const memoryTTL = time.Second
