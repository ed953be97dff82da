// Package ttlmap is a map whose values are remembered for a fixed time.
//
// Files:
//   - ttlmap.go: Map, New, Get, Put and Drop.
package ttlmap
