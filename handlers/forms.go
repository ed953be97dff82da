package handlers

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"

	"sitecard/validate"
)

// FormView renders one form's fields from its validate rules, so the attributes that the
// browser and the client script check are the server's own rules. It also carries the
// submitted values and the server's error messages back into the form.
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

// attrs renders a rule as HTML attributes plus the client script's messages.
func (f *FormView) attrs(field string) string {
	r := f.rules[field]
	var b strings.Builder
	attr := func(name, val string) {
		b.WriteString(" " + name + `="` + html.EscapeString(val) + `"`)
	}
	if r.Required {
		b.WriteString(" required")
		attr("data-msg-required", f.t("v.required"))
	}
	if r.MaxLen > 0 {
		attr("maxlength", strconv.Itoa(r.MaxLen))
		attr("data-msg-too-long", message(f.t, validate.Error{Code: "too_long", N: r.MaxLen}))
	}
	if r.MinLen > 0 {
		attr("minlength", strconv.Itoa(r.MinLen))
		attr("data-msg-too-short", message(f.t, validate.Error{Code: "too_short", N: r.MinLen}))
	}
	switch r.Kind {
	case validate.KindEmail:
		attr("data-msg-type", f.t("v.email"))
	case validate.KindURL:
		attr("data-msg-type", f.t("v.url"))
	case validate.KindInt:
		attr("min", strconv.Itoa(r.MinInt))
		attr("max", strconv.Itoa(r.MaxInt))
		attr("data-msg-range", message(f.t, validate.Error{Code: "range", N: r.MaxInt}))
	case validate.KindSlug:
		attr("pattern", validate.SlugPattern)
		attr("data-msg-pattern", f.t("v.slug"))
	case validate.KindLogin:
		attr("pattern", validate.LoginPattern)
		attr("data-msg-pattern", f.t("v.login"))
	}
	return b.String()
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

func (f *FormView) id(field string) string { return f.ID + "-" + field }

// wrap renders the label, the control and the error slot of one field.
func (f *FormView) wrap(field, control string) template.HTML {
	errText := f.Error(field)
	cls := "field"
	if errText != "" {
		cls += " invalid"
	}
	return template.HTML(`<div class="` + cls + `"><label for="` + f.id(field) + `">` + html.EscapeString(f.t("field."+field)) +
		`</label>` + control + `<small class="field-error" id="` + f.id(field) + `-error" aria-live="polite">` +
		html.EscapeString(errText) + `</small></div>`)
}

func (f *FormView) described(field string) string {
	s := ` aria-describedby="` + f.id(field) + `-error"`
	if f.Error(field) != "" {
		s += ` aria-invalid="true"`
	}
	return s
}

// Input renders a text-like input for field.
func (f *FormView) Input(field string) template.HTML {
	r := f.rules[field]
	return f.wrap(field, `<input id="`+f.id(field)+`" name="`+field+`" type="`+inputType(r, field)+`" value="`+
		html.EscapeString(f.values[field])+`"`+f.attrs(field)+f.described(field)+`>`)
}

// Textarea renders a multi-line field.
func (f *FormView) Textarea(field string) template.HTML {
	return f.wrap(field, `<textarea id="`+f.id(field)+`" name="`+field+`" rows="3"`+f.attrs(field)+f.described(field)+`>`+
		html.EscapeString(f.values[field])+`</textarea>`)
}

// Select renders a choice among the rule's OneOf values, labelled by prefix+value.
func (f *FormView) Select(field, prefix string) template.HTML {
	var b strings.Builder
	b.WriteString(`<select id="` + f.id(field) + `" name="` + field + `"` + f.attrs(field) + f.described(field) + `>`)
	for _, o := range f.rules[field].OneOf {
		sel := ""
		if o == f.values[field] {
			sel = " selected"
		}
		b.WriteString(`<option value="` + html.EscapeString(o) + `"` + sel + `>` + html.EscapeString(f.t(prefix+o)) + `</option>`)
	}
	b.WriteString(`</select>`)
	return f.wrap(field, b.String())
}

// Checkbox renders an on/off field (not a rule: a box cannot be invalid).
func (f *FormView) Checkbox(field string) template.HTML {
	checked := ""
	if v := f.values[field]; v == "on" || v == "true" {
		checked = " checked"
	}
	return template.HTML(`<label class="check"><input type="checkbox" name="` + field + `"` + checked + `> ` +
		html.EscapeString(f.t("field."+field)) + `</label>`)
}
