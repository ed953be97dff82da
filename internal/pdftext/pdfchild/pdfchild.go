// Package pdfchild makes a test binary able to serve as pdftext's reading child: a test
// file of a package whose tests read PDFs imports it for its effect,
//
//	import _ "sitecard/internal/pdftext/pdfchild"
//
// The site's own binary does not: cmd/sitecard dispatches pdftext.ChildArg in main.
// Nothing else may import this package.
package pdfchild

import (
	"os"

	"sitecard/internal/pdftext"
)

// init runs before the testing package parses its flags, so that "<test binary>
// pdftext-child" reads a PDF rather than running the tests again.
func init() {
	if len(os.Args) > 1 && os.Args[1] == pdftext.ChildArg {
		os.Exit(pdftext.ServeChild())
	}
}
