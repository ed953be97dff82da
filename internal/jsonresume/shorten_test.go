package jsonresume

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Issue 24 §5: a value quoted back to the owner in an import problem is at most the
// letters it is given, "…" included, and a value that fits is quoted whole.
func TestAQuotedValueFitsItsLetters(t *testing.T) {
	for _, n := range []int{1, 2, 60} {
		long := strings.Repeat("가", n+40)
		got := shorten(long, n)
		if utf8.RuneCountInString(got) != n || !strings.HasSuffix(got, "…") || !strings.HasPrefix(long, strings.TrimSuffix(got, "…")) {
			t.Errorf("shorten to %d: %q (%d letters)", n, got, utf8.RuneCountInString(got))
		}
		if fits := strings.Repeat("a", n); shorten(fits, n) != fits {
			t.Errorf("a value of %d letters was cut", n)
		}
	}
}
