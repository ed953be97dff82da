package pdflayout

import (
	"strings"
	"unicode/utf8"
)

// table emits a table's rows: a row alone across the table is a heading; a first row of
// labels is the header, and each row after it one fact that names its columns; a grid
// of labels and values is pairs.
func (b *builder) table(l line, page int) {
	t := l.table
	rows := t.rows
	section := b.sections[l.column]
	ncols := len(t.xs) - 1
	if t.label != "" {
		section = headingText(letterSpaced(t.label))
		b.emit(Fact{Section: section, Text: section, Kind: Heading, Page: page})
	}
	var header []cell
	split := 0 // the column where a second table starts, when the grid holds two
	for i := 0; i < len(rows); i++ {
		row := rows[i]
		if len(row) == 1 && (row[0].to-row[0].from == ncols || ncols == 1) && utf8.RuneCountInString(row[0].text) <= 40 && !strings.ContainsAny(row[0].text, "@") {
			if ncols > 1 || knownHeading(row[0].text) {
				section = headingText(row[0].text)
				b.sections[l.column] = section
				b.emit(Fact{Section: section, Text: section, Kind: Heading, Page: page})
				header = nil
				continue
			}
		}
		if header == nil && isHeaderRow(row, rows[i+1:]) {
			header = row
			split = splitHeader(header)
			continue
		}
		if pairs := labelCells(row); pairs != nil {
			for _, p := range pairs {
				b.emitText(p, Pair, section, page)
			}
			continue
		}
		parts := make([]string, 0, len(row))
		second := false
		for _, c := range row {
			if split > 0 && c.from >= split && !second {
				// the second table of a grid that holds two: its half of the row is a fact
				// of its own
				second = true
				if len(parts) > 0 {
					b.emitText(strings.Join(parts, " · "), Row, section, page)
					parts = parts[:0]
				}
			}
			text := b.ratings(clean(letterSpaced(c.text)))
			if isRatingOnly(c.text) && len(parts) > 0 {
				parts[len(parts)-1] += ": " + text // a skill's stars beside it
				continue
			}
			if h := headerOf(header, c); h != "" && h != text {
				text = h + " " + text
			}
			parts = append(parts, text)
		}
		if len(parts) > 0 {
			b.emitText(strings.Join(parts, " · "), Row, section, page)
		}
	}
	b.sections[l.column] = section
}

// leadColumns are the first columns of the tables a Korean form puts side by side in one
// grid (자격증 | 취득일 | 어학 | 점수).
var leadColumns = words2set(`자격증 자격증명 자격 면허 어학 어학시험 외국어 언어 시험 시험명 수상 수상명 수상내역 교육 교육명 활동 활동명
certificate certification license language test award course activity`)

// splitHeader returns the column where a second table starts in a header that names two
// (both halves led by such a column, two columns at the least each), or 0.
func splitHeader(header []cell) int {
	if len(header) < 4 || !leadColumns[normal(letterSpaced(header[0].text))] {
		return 0
	}
	for k := 2; k <= len(header)-2; k++ {
		if leadColumns[normal(letterSpaced(header[k].text))] {
			return header[k].from
		}
	}
	return 0
}

// headerOf is the header cell above c: the one whose columns overlap c's most.
func headerOf(header []cell, c cell) string {
	best, most := "", 0
	for _, h := range header {
		if o := min(h.to, c.to) - max(h.from, c.from); o > most {
			best, most = clean(letterSpaced(h.text)), o
		}
	}
	return best
}

// isHeaderRow reports a row of column names: two or more short cells without figures,
// above rows that are not all like it.
func isHeaderRow(row []cell, after [][]cell) bool {
	if len(row) < 2 || len(after) == 0 {
		return false
	}
	known := 0
	for _, c := range row {
		t := letterSpaced(c.text)
		if !labelLike(t) {
			return false
		}
		if columnNames[normal(t)] {
			known++
		}
	}
	if labelCells(row) != nil && known*2 < len(row) {
		return false // 성명 | 홍길동 | 영문 | Hong Gil-dong: a grid of labels and values
	}
	if known*2 >= len(row) {
		return true
	}
	for _, r := range after {
		for _, c := range r {
			if digits(c.text) > 0 || !labelLike(c.text) {
				return true
			}
		}
	}
	return false
}

// labelLike reports a column's or a field's name: short (four words, 30 characters at
// most: "Tools and level", "점수 / 등급"), without figures, mails or stops.
func labelLike(s string) bool {
	n := utf8.RuneCountInString(s)
	return n > 0 && n <= 30 && len(strings.Fields(s)) <= 4 && digits(s) == 0 && !strings.ContainsAny(s, "@.")
}

// labelCells reads a row of label, value, label, value … whose labels the vocabulary of
// personal details knows (half of them at the least, the others short and without
// figures, as a form's labels are: 주소 | … | 병역구분 | 비대상); nil when it is not one.
func labelCells(row []cell) []string {
	if len(row) < 2 || len(row)%2 != 0 {
		return nil
	}
	var out []string
	known := 0
	for i := 0; i < len(row); i += 2 {
		label := letterSpaced(row[i].text)
		switch {
		case personalLabels[normal(label)]:
			known++
		case !labelLike(label):
			return nil
		}
		out = append(out, clean(label)+": "+clean(row[i+1].text))
	}
	if known*2 < len(out) || known == 0 {
		return nil
	}
	return out
}

// letterSpaced puts a cell's spaced-out letters together ("회 사 명" is 회사명).
func letterSpaced(s string) string {
	f := strings.Fields(s)
	if len(f) < 2 {
		return s
	}
	for _, w := range f {
		if utf8.RuneCountInString(w) != 1 {
			return s
		}
	}
	return strings.Join(f, "")
}
