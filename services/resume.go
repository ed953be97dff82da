package services

import (
	"context"
	"errors"
	"strings"
	"unicode"

	"sitecard/internal/chat"
	"sitecard/internal/pdflayout"
	"sitecard/internal/pdftext"
)

// PDFReader reads a PDF's facts from its layout (internal/pdflayout).
type PDFReader func(ctx context.Context, data []byte) (pdflayout.Document, error)

// NewPDFReader reads PDFs with PDFium in child processes (internal/pdftext), at most
// slots at a time: each child holds a few hundred megabytes while it reads.
func NewPDFReader(lim pdftext.Limits, slots int) PDFReader {
	sem := make(chan struct{}, max(1, slots))
	return func(ctx context.Context, data []byte) (pdflayout.Document, error) {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return pdflayout.Document{}, ctx.Err()
		}
		defer func() { <-sem }()
		return pdflayout.Read(ctx, data, lim)
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

// readResume reads a résumé's facts, kept as the upload's text (chat.EncodeFacts), or
// says why there are none. An error is returned only when the reading itself could not
// be done (the request ended): a file's own faults are a status.
func readResume(ctx context.Context, read PDFReader, data []byte) (*string, string, error) {
	docs, err := chat.NewPDFLoader(data, func(ctx context.Context, data []byte) ([]chat.ResumeFact, error) {
		doc, err := read(ctx, data)
		facts := make([]chat.ResumeFact, 0, len(doc.Facts))
		for _, f := range doc.Facts {
			facts = append(facts, chat.ResumeFact{Section: f.Section, Text: f.Text, Kind: f.Kind.String(), Page: f.Page})
		}
		return facts, err
	}).Load(ctx)
	facts := chat.LoadedFacts(docs)
	status := TextRead
	switch {
	case err == nil && !hasLetters(facts):
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
	text := chat.EncodeFacts(facts)
	return &text, status, nil
}

// hasLetters reports facts with a letter in them: a scan has none.
func hasLetters(facts []chat.ResumeFact) bool {
	for _, f := range facts {
		if strings.IndexFunc(f.Text, unicode.IsLetter) >= 0 {
			return true
		}
	}
	return false
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
