package services

import (
	"context"
	"strings"

	"sitecard/internal/chat"
	"sitecard/models"
)

// Topics are what a visitor may ask a card about first, best first and at most three:
// the kinds of fact its card and résumé hold, read from the sections of its passages.
func (s *Chat) Topics(ctx context.Context, slug string) ([]string, error) {
	cc, err := s.load(ctx, slug)
	if err != nil {
		return nil, err
	}
	kinds := map[string]string{"경력": models.SectionWork, "학력": models.SectionEducation, "자격증": models.SectionLicense,
		"기술": models.SectionSkills, "수상": models.SectionAwards, "프로젝트": models.SectionProjects}
	has := map[string]bool{}
	for _, p := range cc.passages {
		for _, line := range strings.Split(p, "\n") {
			if label, _, ok := strings.Cut(line, ": "); ok {
				has[kinds[chat.SectionName(label, "ko")]] = true
			}
		}
	}
	var out []string
	for _, kind := range []string{models.SectionWork, models.SectionEducation, models.SectionLicense, models.SectionSkills,
		models.SectionAwards, models.SectionProjects} {
		if has[kind] && len(out) < 3 {
			out = append(out, kind)
		}
	}
	return out, nil
}
