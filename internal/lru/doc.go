// Package lru is a cache bounded both by its number of entries and by the bytes they
// hold, dropping the least recently used first. Anything an anonymous request can make
// the site remember goes through one, so that no client can grow the site's memory.
//
//   - lru.go: Cache, bounded by entries and bytes.
//   - memo.go: Memo, a Cache whose missing values are made once however many callers ask
//     at once (the files drawn from a card, the chatbot's card indexes).
package lru
