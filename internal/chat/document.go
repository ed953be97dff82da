package chat

import (
	"strconv"
	"strings"

	"github.com/tmc/langchaingo/textsplitter"

	"sitecard/models"
)

// Chunking as the original site did it: 1000 characters with 200 of overlap.
const (
	ChunkSize    = 1000
	ChunkOverlap = 200
)

// kindLabels name each kind of section in both languages, so that a question in either
// finds it.
func kindLabels() map[string]string {
	return map[string]string{
		models.SectionSkills: "기술 (Skills)", models.SectionLicense: "자격증 (Licenses)", models.SectionWork: "경력 (Work)",
		models.SectionEducation: "학력 (Education)", models.SectionAwards: "수상 (Awards)", models.SectionProjects: "프로젝트 (Projects)",
		models.SectionLanguages: "언어 (Languages)",
	}
}

// CardText writes what a card says as lines of text, each line whole on its own (the
// embedded answer quotes lines), labelled in Korean and English. Only what visitors see
// is written: pass the card through services.Visible first.
func CardText(c *models.Card) string {
	var b strings.Builder
	line := func(label, value string) {
		if value = strings.TrimSpace(value); value != "" {
			b.WriteString(label + ": " + strings.Join(strings.Fields(value), " ") + "\n")
		}
	}
	name := c.NameKo
	if c.NameEn != "" && c.NameEn != c.NameKo {
		name += " (" + c.NameEn + ")"
	}
	line("이름 (Name)", name)
	title := c.JobTitle
	if c.JobTitleEn != "" && c.JobTitleEn != c.JobTitle {
		title += " (" + c.JobTitleEn + ")"
	}
	line("직함 (Title)", title)
	line("이메일 (Email)", c.Email)
	line("전화 (Phone)", c.Phone)
	line("웹사이트 (Website)", c.Site)
	line("소개 (About)", c.Summary)
	line("About", c.SummaryEn)
	labels := kindLabels()
	for _, s := range c.Sections {
		label := labels[s.Kind]
		for _, t := range []string{s.Title, s.TitleEn} {
			if t != "" && !strings.Contains(label, t) {
				label += " · " + t
			}
		}
		if s.Kind == models.SectionSkills {
			// Skills are short: one line lists them all, so one quote answers "what skills".
			var parts []string
			for _, it := range s.Items {
				p := it.Title
				if it.Percent != nil {
					p += " " + strconv.Itoa(*it.Percent) + "%"
				}
				parts = append(parts, p)
			}
			line(label, strings.Join(parts, ", "))
			continue
		}
		for _, it := range s.Items {
			v := both(it.Title, it.TitleEn)
			if it.Subtitle != "" {
				v += " — " + both(it.Subtitle, it.SubtitleEn)
			}
			if it.Period != "" {
				v += " (" + it.Period + ")"
			}
			if it.Detail != "" {
				v += ": " + both(it.Detail, it.DetailEn)
			}
			if it.URL != "" {
				v += " " + it.URL
			}
			line(label, v)
		}
	}
	for _, l := range c.Links {
		label := l.Label
		if label == "" {
			label = l.Kind
		}
		line("링크 (Link)", label+" "+l.URL)
	}
	return b.String()
}

// Split cuts text into passages with langchaingo's recursive character splitter,
// counting characters rather than bytes.
func Split(text string) ([]string, error) {
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	s := textsplitter.NewRecursiveCharacter(
		textsplitter.WithChunkSize(ChunkSize), textsplitter.WithChunkOverlap(ChunkOverlap),
		textsplitter.WithLenFunc(func(s string) int { return len([]rune(s)) }),
	)
	return s.SplitText(text)
}

// both writes a text with its English version after it, when it has a different one.
func both(ko, en string) string {
	if en == "" || en == ko {
		return ko
	}
	return ko + " / " + en
}
