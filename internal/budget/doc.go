// Package budget is a memory budget for the expensive work anyone can ask for: each
// piece of work reserves the bytes it will use and waits for them, for a while.
//
// Files:
//   - budget.go: Budget, New and Run.
package budget
