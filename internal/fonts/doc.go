// Package fonts embeds the fonts the server draws text with, and chooses among them letter
// by letter. NanumSquare Regular and Bold (SIL Open Font License 1.1,
// NanumSquare-LICENSE.txt) set Hangul (the 2,350 syllables of KS X 1001 and some more)
// and basic Latin; Noto Sans Regular
// and Bold (SIL Open Font License 1.1, NotoSans-LICENSE.txt) set the letters NanumSquare
// lacks: accented Latin (é, ü, ñ, ç, ß, ø, Ł), Greek, Cyrillic. fetch-font.sh vendors
// them from Debian's fonts-nanum and fonts-noto-core.
//
// fonts.go embeds NanumSquareR.ttf, NanumSquareB.ttf, NotoSans-Regular.ttf and
// NotoSans-Bold.ttf with their licences, and splits a text into runs per font; fonts.sha256
// pins the files fetch-font.sh vendors.
package fonts
