// Package fonts embeds the fonts the server draws text with: NanumSquare Regular and Bold
// (SIL Open Font License 1.1, NanumSquare-LICENSE.txt), which set every Hangul syllable
// and Latin. fetch-font.sh vendors them from Debian's fonts-nanum.
package fonts

import _ "embed"

// Regular and Bold are the TrueType files.
var (
	//go:embed NanumSquareR.ttf
	Regular []byte
	//go:embed NanumSquareB.ttf
	Bold []byte
)
