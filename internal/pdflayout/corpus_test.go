package pdflayout_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"sitecard/internal/pdflayout"
	"sitecard/internal/pdftext"
)

// The development half of the chatbot's corpus (bench/chat-quality/corpus/dev; never the
// held-back half) read as facts: for nearly every question the résumé answers, one fact
// (with its section) holds every word the answer must have, so that the ranker has it to
// find; and no fact holds what no answer may (a header row, page furniture).
func TestTheDevCorpusReadsIntoFacts(t *testing.T) {
	if testing.Short() {
		t.Skip("reads every PDF of the corpus")
	}
	dirs, _ := filepath.Glob(filepath.Join("..", "..", "bench", "chat-quality", "corpus", "dev", "*", "questions.json"))
	if len(dirs) == 0 {
		t.Skip("no development corpus in this tree")
	}
	var mu sync.Mutex
	asked, found := 0, 0
	t.Run("docs", func(t *testing.T) {
		for _, qf := range dirs {
			dir := filepath.Dir(qf)
			t.Run(filepath.Base(dir), func(t *testing.T) {
				t.Parallel() // two children at a time on two cores
				var q struct {
					Forbid    []string `json:"forbid"`
					Questions []struct {
						Q      string   `json:"q"`
						Want   []string `json:"want"`
						Refuse bool     `json:"refuse"`
					} `json:"questions"`
				}
				raw, err := os.ReadFile(qf)
				if err != nil || json.Unmarshal(raw, &q) != nil {
					t.Fatalf("%s: %v", qf, err)
				}
				data, err := os.ReadFile(filepath.Join(dir, "resume.pdf"))
				if err != nil {
					t.Fatal(err)
				}
				doc, err := pdflayout.Read(context.Background(), data, pdftext.DefaultLimits())
				if err != nil {
					t.Fatalf("%s: %v", dir, err)
				}
				checkInvariants(t, dir, doc)
				for _, f := range doc.Facts {
					for _, bad := range q.Forbid {
						if strings.Contains(f.Text, bad) {
							t.Errorf("%s: a fact holds %q: %q", filepath.Base(dir), bad, f.Text)
						}
					}
				}
				for _, qq := range q.Questions {
					if qq.Refuse {
						continue
					}
					ok := holds(doc, qq.Want)
					if !ok {
						t.Logf("no fact for %q %q", qq.Q, qq.Want)
					}
					mu.Lock()
					asked++
					if ok {
						found++
					}
					mu.Unlock()
				}
			})
		}
	})
	if found*100 < asked*97 {
		t.Errorf("a fact for %d of %d questions, want 97 %%", found, asked)
	}
	t.Logf("a fact for %d of %d questions", found, asked)
}

// holds reports a fact whose section and text hold every wanted entry (one of its
// alternatives, apart by |), ignoring case.
func holds(doc pdflayout.Document, want []string) bool {
	for _, f := range doc.Facts {
		text := strings.ToLower(f.Section + " " + f.Text)
		all := true
		for _, w := range want {
			any := false
			for _, alt := range strings.Split(w, "|") {
				any = any || strings.Contains(text, strings.ToLower(alt))
			}
			all = all && any
		}
		if all {
			return true
		}
	}
	return false
}
