package handlers

import (
	"fmt"
	"strings"

	"sitecard/internal/validate"
	"sitecard/services"
)

// FormView carries one form's rules, the submitted values and the server's error
// messages to the templates. The field partial turns each rule into the HTML attributes
// that the browser and the client script check, so they are the server's own rules.
type FormView struct {
	ID     string
	rules  validate.Form
	values map[string]string
	errs   validate.Errors
	t      func(string) string
}

func newForm(v *View, id string, rules validate.Form, values map[string]string, errs validate.Errors) *FormView {
	if values == nil {
		values = map[string]string{}
	}
	return &FormView{ID: id, rules: rules, values: values, errs: errs, t: v.T}
}

// Value returns a field's current value.
func (f *FormView) Value(field string) string { return f.values[field] }

// HasErrors reports whether the server refused the form.
func (f *FormView) HasErrors() bool { return len(f.errs) > 0 }

// Error returns a field's error message, translated, or "".
func (f *FormView) Error(field string) string {
	e, ok := f.errs[field]
	if !ok {
		return ""
	}
	return message(f.t, e)
}

func message(t func(string) string, e validate.Error) string {
	msg := t("v." + e.Code)
	if strings.Contains(msg, "%d") {
		msg = fmt.Sprintf(msg, e.N)
	}
	return msg
}

// Field is one field as the "field" and "checkbox" partials draw it.
type Field struct {
	ID, Name, Label, Value, Error string
	Control                       string // input, textarea or select
	Type                          string // the input's type
	Rule                          validate.Rule
	Pattern                       string
	Options                       []Option
	Checked                       bool
	// The client script's messages for each broken rule.
	MsgRequired, MsgTooLong, MsgTooShort, MsgType, MsgRange, MsgPattern string
}

// Option is one choice of a select.
type Option struct {
	Value, Label string
	Selected     bool
}

func (f *FormView) field(name, control string) Field {
	r := f.rules[name]
	fd := Field{ID: f.ID + "-" + name, Name: name, Label: f.t("field." + name), Value: f.values[name], Error: f.Error(name),
		Control: control, Type: inputType(r, name), Rule: r}
	if r.Required {
		fd.MsgRequired = f.t("v.required")
	}
	if r.MaxLen > 0 {
		fd.MsgTooLong = message(f.t, validate.Error{Code: "too_long", N: r.MaxLen})
	}
	if r.MinLen > 0 {
		fd.MsgTooShort = message(f.t, validate.Error{Code: "too_short", N: r.MinLen})
	}
	switch r.Kind {
	case validate.KindEmail:
		fd.MsgType = f.t("v.email")
	case validate.KindURL:
		fd.MsgType = f.t("v.url")
	case validate.KindInt:
		fd.MsgRange = message(f.t, validate.Error{Code: "range", N: r.MaxInt})
	case validate.KindSlug:
		fd.Pattern, fd.MsgPattern = validate.SlugPattern, f.t("v.slug")
	case validate.KindLogin:
		fd.Pattern, fd.MsgPattern = validate.LoginPattern, f.t("v.login")
	}
	return fd
}

func inputType(r validate.Rule, field string) string {
	switch {
	case r.Kind == validate.KindEmail:
		return "email"
	case r.Kind == validate.KindURL:
		return "url"
	case r.Kind == validate.KindInt:
		return "number"
	case strings.Contains(field, "password") || field == "current":
		return "password"
	}
	return "text"
}

// Input is a text-like input for field.
func (f *FormView) Input(field string) Field { return f.field(field, "input") }

// Textarea is a multi-line field.
func (f *FormView) Textarea(field string) Field { return f.field(field, "textarea") }

// Select is a choice among the rule's OneOf values, labelled by the texts prefix+value.
func (f *FormView) Select(field, prefix string) Field {
	fd := f.field(field, "select")
	if fd.Rule.Required && fd.Value == "" {
		// Nothing chosen yet: a required choice starts empty, so that sending the form
		// untouched is an error rather than the first option.
		fd.Options = append(fd.Options, Option{Value: "", Label: f.t("admin.choose"), Selected: true})
	}
	for _, o := range fd.Rule.OneOf {
		fd.Options = append(fd.Options, Option{Value: o, Label: f.t(prefix + o), Selected: o == fd.Value})
	}
	return fd
}

// Checkbox is an on/off field (not a rule: a box cannot be invalid).
func (f *FormView) Checkbox(field string) Field {
	fd := f.field(field, "checkbox")
	fd.Checked = fd.Value == "on" || fd.Value == "true"
	return fd
}

// limitProblems says in the visitor's words where a card, or a file to import, passes
// its bounds: "Section 3 (Work), item 12, Details: Use at most 2000 characters."
func limitProblems(t func(string) string, problems []services.LimitProblem) []string {
	out := make([]string, 0, len(problems))
	for _, p := range problems {
		var place []string
		switch {
		case p.Section > 0:
			place = append(place, fmt.Sprintf(t("limit.section"), p.Section)+" ("+t("section."+p.Kind)+")")
			if p.Item > 0 {
				place = append(place, fmt.Sprintf(t("limit.item"), p.Item))
			}
		case p.Link > 0:
			place = append(place, fmt.Sprintf(t("limit.link"), p.Link))
		case p.Field == "":
			place = append(place, t("limit.card"))
		}
		if p.Field != "" {
			place = append(place, t("field."+p.Field))
		}
		out = append(out, strings.Join(place, ", ")+": "+message(t, p.Error))
	}
	return out
}
