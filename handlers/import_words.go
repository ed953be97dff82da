package handlers

import (
	"fmt"
	"strconv"
	"strings"

	"sitecard/internal/jsonresume"
	"sitecard/models"
	"sitecard/services"
)

// importWords says a JSON Resume file's problems, or the notes on how it was read, in the
// page's language: "경력 1: 시작일 ‘2022/04’ — 2022-04 형식으로 적어 주세요".
func importWords(t func(string) string, problems []jsonresume.Problem) []string {
	out := make([]string, 0, len(problems))
	for _, p := range problems {
		out = append(out, importWord(t, p))
	}
	return out
}

func importWord(t func(string) string, p jsonresume.Problem) string {
	where := importPlace(t, p)
	switch p.Code {
	case jsonresume.ProblemNotJSON:
		return t("import.problem.not_json")
	case jsonresume.ProblemNoName:
		return fmt.Sprintf(t("import.problem.no_name"), where)
	case jsonresume.ProblemDate:
		return fmt.Sprintf(t("import.problem.date"), where, p.Value, p.Want)
	case jsonresume.ProblemType:
		return fmt.Sprintf(t("import.problem.type"), where, orKey(t, "import.type."+p.Want, p.Want))
	case jsonresume.ProblemFormat:
		return fmt.Sprintf(t("import.problem.format"), where, p.Value, orKey(t, "import.format."+p.Want, p.Want))
	case jsonresume.NoteDropped:
		return where
	case jsonresume.NoteDottedDate:
		return fmt.Sprintf(t("import.note.dotted_date"), where, p.Value, p.Want)
	}
	// The schema's own words, in English: what is wrong has no translation of its own.
	return fmt.Sprintf(t("import.problem.other"), where, p.Text)
}

// importPlace is where in the file a problem is: "경력 1: 시작일", "기본 정보: 이메일".
func importPlace(t func(string) string, p jsonresume.Problem) string {
	if p.Section == "" {
		return t("import.place.document")
	}
	where := orKey(t, "import.place."+p.Section, p.Section)
	if p.Index > 0 {
		where += " " + strconv.Itoa(p.Index)
	}
	if p.Field != "" {
		where += ": " + orKey(t, "import.field."+p.Field, p.Field)
	}
	return where
}

// orKey is key's text, or fallback where the catalog has none (it answers with the key).
func orKey(t func(string) string, key, fallback string) string {
	if s := t(key); s != key && s != "" {
		return s
	}
	return fallback
}

// importSteps says where each of a file's sections goes: into which of the card's
// sections its items are added, or that it comes as a new section.
func importSteps(t func(string) string, steps []services.ImportStep) []string {
	title := func(s *models.Section) string {
		if strings.TrimSpace(s.Title) != "" {
			return s.Title
		}
		return t("section." + s.Kind)
	}
	out := make([]string, 0, len(steps))
	for _, st := range steps {
		if st.Into != nil {
			out = append(out, fmt.Sprintf(t("import.step_into"), len(st.Section.Items), t("kind."+st.Section.Kind), title(st.Into)))
		} else {
			out = append(out, fmt.Sprintf(t("import.step_new"), len(st.Section.Items), t("kind."+st.Section.Kind)))
		}
	}
	return out
}
