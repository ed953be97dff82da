package services_test

// The tests read PDFs through pdftext's child: this test binary serves it.
import _ "sitecard/internal/pdftext/pdfchild"
