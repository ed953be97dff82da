package services

import (
	"context"
	"errors"
	"strings"

	"sitecard/internal/chat"
	"sitecard/internal/pdftext"
)

// PDFReader reads the text of a PDF, page by page.
type PDFReader func(ctx context.Context, data []byte) ([]string, error)

// NewPDFReader reads PDFs with PDFium in child processes (internal/pdftext), at most
// slots at a time: each child holds a few hundred megabytes while it reads.
func NewPDFReader(lim pdftext.Limits, slots int) PDFReader {
	sem := make(chan struct{}, max(1, slots))
	return func(ctx context.Context, data []byte) ([]string, error) {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		defer func() { <-sem }()
		return pdftext.Extract(ctx, data, lim)
	}
}

// Why a résumé has no text for the chatbot (uploads.text_status); "" means it was read.
const (
	TextRead         = ""
	TextNone         = "no_text" // a readable PDF without a text layer: a scan
	TextUnreadable   = "unreadable"
	TextEncrypted    = "encrypted"
	TextTooManyPages = "too_many_pages"
	TextTooSlow      = "too_slow"
)

// pageBreak separates a résumé's pages in its stored text.
const pageBreak = "\f"

// readResume reads a résumé's text, or says why there is none. An error is returned only
// when the reading itself could not be done (the request ended): a file's own faults are
// a status.
func readResume(ctx context.Context, read PDFReader, data []byte) (*string, string, error) {
	docs, err := chat.NewPDFLoader(data, read).Load(ctx)
	pages := make([]string, len(docs))
	for i, d := range docs {
		pages[i] = d.PageContent
	}
	status := TextRead
	switch {
	case err == nil && !pdftext.HasText(pages):
		status = TextNone
	case err == nil:
	case errors.Is(err, pdftext.ErrEncrypted):
		status = TextEncrypted
	case errors.Is(err, pdftext.ErrTooManyPages):
		status = TextTooManyPages
	case errors.Is(err, pdftext.ErrTooSlow):
		status = TextTooSlow
	case errors.Is(err, pdftext.ErrUnreadable):
		status = TextUnreadable
	default:
		return nil, "", err
	}
	text := strings.Join(pages, pageBreak)
	return &text, status, nil
}

// resumeRefusal is the field error for a résumé that cannot be accepted; a scan is
// accepted (visitors can still download it), with no text for the chatbot.
func resumeRefusal(status string) error {
	switch status {
	case TextRead, TextNone:
		return nil
	case TextTooManyPages:
		return fieldError("resume", "pdf_too_many_pages", pdftext.DefaultLimits().MaxPages)
	}
	return fieldError("resume", "pdf_"+status)
}
