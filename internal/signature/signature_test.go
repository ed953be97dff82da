package signature_test

import (
	"strings"
	"testing"

	"sitecard/internal/signature"
)

// Hostile values stay text: a name with markup is escaped, a link to javascript: is
// neutralised, a phone is only its digits in the tel: address.
func TestHostileValuesStayText(t *testing.T) {
	got, err := signature.HTML(signature.Signature{
		Name: `<script>alert(1)</script>`, JobTitle: `" onmouseover="x`, Phone: `+82 10 "1"<>`,
		CardURL: "https://card.example/c/a?src=sig", CardLabel: "card.example/c/a",
		Links: []signature.Link{{Name: "x", URL: "javascript:alert(1)", IconURL: "https://card.example/icons/web.png"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", `" onmouseover="`, "javascript:", `tel:+82 10`} {
		if strings.Contains(got, bad) {
			t.Errorf("the signature has %q: %s", bad, got)
		}
	}
	if !strings.Contains(got, `href="tel:&#43;82101"`) && !strings.Contains(got, `href="tel:+82101"`) {
		t.Errorf("tel: address: %s", got)
	}
}

func FuzzSignatureHasNoScript(f *testing.F) {
	f.Add("name", "title", "https://x.example")
	f.Fuzz(func(t *testing.T, name, title, link string) {
		got, err := signature.HTML(signature.Signature{Name: name, JobTitle: title, Org: name, Phone: title,
			Links: []signature.Link{{Name: name, URL: link, IconURL: link}}})
		if err != nil {
			return
		}
		// A name may say "javascript:" as text; an address never starts with it.
		lower := strings.ToLower(got)
		if strings.Contains(lower, "<script") || strings.Contains(lower, `href="javascript:`) || strings.Contains(lower, `src="javascript:`) {
			t.Fatalf("script in %s", got)
		}
	})
}
