package chat

import (
	"regexp"
	"strconv"
	"strings"
)

// Marks are terms the indexer writes beside a fact's words for what its shape says and
// no word does: an e-mail address, a phone number or a web address, with no label
// beside it ("sofia@example.se" in a contact band); a period still running ("2021.03 ~
// 현재", "Jan 2020 – Present", "Since April 2021"), or one that ended ("2016 – 2019").
// The lexicon's groups name them ("@email" in the e-mail group), so that "이메일 주소
// 알려주세요" finds the address and "what was your previous job?" the job that ended.
const (
	markEmail    = "@email"
	markPhone    = "@phone"
	markURL      = "@url"
	markCurrent  = "@current"
	markPast     = "@past"
	markEarliest = "@earliest" // the fact of its section that begins first
	markAmount   = "@amount"   // a number with its unit: "50분", "40%", "2 million parcels"
)

var (
	emailShape  = regexp.MustCompile(`[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+`)
	urlShape    = regexp.MustCompile(`(?i)\bhttps?://\S+|\bwww\.\S+|\b[a-z0-9-]+(\.[a-z0-9-]+)*\.(com|org|net|io|dev|me|co|kr|uk|se|de|fr|jp|ca|au)(/\S*)?(\s|$)`)
	phoneShape  = regexp.MustCompile(`\+?\(?\d[\d ().-]{7,}\d`)
	amountShape = regexp.MustCompile(`(?i)\d(?:[\d,.]*\d)?\s*(?:%|퍼센트|분|시간|초|일|주|개월|년|명|건|곳|개|배|만|천|억|원|달러|km|kg|ms|x\b|times\b|percent\b|per cent\b|hours?\b|minutes?\b|seconds?\b|days?\b|weeks?\b|months?\b|years?\b|people\b|students\b|million\b|thousand\b|billion\b|k\b)`)
	// An amount in words: "four designers", "eleven years", "두 명", "세 곳".
	numberWords = regexp.MustCompile(`(?i)\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|dozen|dozens)\s+(?:[a-z]+\s+)?(?:people|persons|staff|engineers|designers|developers|analysts|researchers|scientists|students|postdocs|nurses|members|reports|teams|projects|products|games|titles|apps|countries|cities|sites|offices|stores|clients|customers|languages|papers|patents|years|months|weeks|days|hours|minutes|times)\b|(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|스무)\s?(?:명|개|곳|군데|번|차례|가지|달|해|시간)(?:\P{L}|$)`)
	yearShape   = regexp.MustCompile(`(?:^|\D)((?:19|20)\d\d)(?:\D|$)`)
	// A period: a year (with its month), a dash or tilde, then an end or nothing.
	openPeriod = regexp.MustCompile(`(?i)(?:19|20)\d\d(?:[./]\d{1,2})?\.?\s*[-–—~]\s*(?:present|current|now|today|date|현\s*재|재\s*직|$|[·,:)|])|\bsince\s+(?:[a-z]+\s+)?(?:19|20)\d\d|(?:19|20)\d\d(?:[./]\d{1,2})?\.?\s*(?:부터|~\s*재직)`)
	pastPeriod = regexp.MustCompile(`(?i)(?:19|20)\d\d(?:[./]\d{1,2})?\.?\s*(?:[-–—~]|\bto\b|\buntil\b)\s*(?:[a-z]+\.?\s+)?(?:19|20)\d\d`)
)

// shapeMarks are the marks a fact's text earns by its shape.
func shapeMarks(text string) []string {
	var out []string
	if emailShape.MatchString(text) {
		out = append(out, markEmail)
	}
	if urlShape.MatchString(emailShape.ReplaceAllString(text, " ")) {
		out = append(out, markURL)
	}
	for _, m := range phoneShape.FindAllString(text, -1) {
		if digits(m) >= 9 && !pastPeriod.MatchString(m) {
			out = append(out, markPhone)
			break
		}
	}
	if amountShape.MatchString(text) || numberWords.MatchString(text) {
		out = append(out, markAmount)
	}
	switch {
	case openPeriod.MatchString(text):
		out = append(out, markCurrent)
	case pastPeriod.MatchString(text):
		out = append(out, markPast)
	}
	return out
}

func digits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}

// firstYear is the earliest year a fact names, or 0.
func firstYear(text string) int {
	first := 0
	for _, m := range yearShape.FindAllStringSubmatch(text, -1) {
		if y, err := strconv.Atoi(m[1]); err == nil && (first == 0 || y < first) {
			first = y
		}
	}
	return first
}

// labelOf is a fact line's section label.
func labelOf(line string) string {
	label, _, ok := strings.Cut(line, ": ")
	if !ok {
		return ""
	}
	return label
}
