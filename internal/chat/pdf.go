package chat

import (
	"context"

	"github.com/tmc/langchaingo/schema"
	"github.com/tmc/langchaingo/textsplitter"
)

// PDFLoader is a langchaingo document loader (it has documentloaders.Loader's methods;
// importing that package for the assertion would pull in every loader's dependencies)
// for a PDF read by read (PDFium, in a child process: see internal/pdftext): one document
// a page, numbered from 1 in its metadata.
type PDFLoader struct {
	data []byte
	read func(ctx context.Context, data []byte) ([]string, error)
}

// NewPDFLoader returns a loader of data's pages.
func NewPDFLoader(data []byte, read func(ctx context.Context, data []byte) ([]string, error)) PDFLoader {
	return PDFLoader{data: data, read: read}
}

// Load reads the PDF's pages.
func (l PDFLoader) Load(ctx context.Context) ([]schema.Document, error) {
	pages, err := l.read(ctx, l.data)
	if err != nil {
		return nil, err
	}
	docs := make([]schema.Document, len(pages))
	for i, p := range pages {
		docs[i] = schema.Document{PageContent: p, Metadata: map[string]any{"page": i + 1, "total_pages": len(pages)}}
	}
	return docs, nil
}

// LoadAndSplit reads the PDF's pages and splits them with splitter.
func (l PDFLoader) LoadAndSplit(ctx context.Context, splitter textsplitter.TextSplitter) ([]schema.Document, error) {
	docs, err := l.Load(ctx)
	if err != nil {
		return nil, err
	}
	return textsplitter.SplitDocuments(splitter, docs)
}
