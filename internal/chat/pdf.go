package chat

import (
	"context"

	"github.com/tmc/langchaingo/schema"
	"github.com/tmc/langchaingo/textsplitter"
)

// PDFLoader is a langchaingo document loader (it has documentloaders.Loader's methods;
// importing that package for the assertion would pull in every loader's dependencies)
// for a PDF whose facts read finds (internal/pdflayout, PDFium in a child process: see
// internal/pdftext): one document a fact, its section, kind and page in its metadata.
type PDFLoader struct {
	data []byte
	read func(ctx context.Context, data []byte) ([]ResumeFact, error)
}

// NewPDFLoader returns a loader of data's facts.
func NewPDFLoader(data []byte, read func(ctx context.Context, data []byte) ([]ResumeFact, error)) PDFLoader {
	return PDFLoader{data: data, read: read}
}

// Load reads the PDF's facts.
func (l PDFLoader) Load(ctx context.Context) ([]schema.Document, error) {
	facts, err := l.read(ctx, l.data)
	docs := make([]schema.Document, len(facts))
	for i, f := range facts {
		docs[i] = schema.Document{PageContent: f.Text, Metadata: map[string]any{"section": f.Section, "kind": f.Kind, "page": f.Page}}
	}
	return docs, err
}

// LoadAndSplit reads the PDF's facts and splits them with splitter.
func (l PDFLoader) LoadAndSplit(ctx context.Context, splitter textsplitter.TextSplitter) ([]schema.Document, error) {
	docs, err := l.Load(ctx)
	if err != nil {
		return nil, err
	}
	return textsplitter.SplitDocuments(splitter, docs)
}

// LoadedFacts are the facts of documents Load returned.
func LoadedFacts(docs []schema.Document) []ResumeFact {
	out := make([]ResumeFact, len(docs))
	for i, d := range docs {
		f := ResumeFact{Text: d.PageContent}
		f.Section, _ = d.Metadata["section"].(string)
		f.Kind, _ = d.Metadata["kind"].(string)
		f.Page, _ = d.Metadata["page"].(int)
		out[i] = f
	}
	return out
}
