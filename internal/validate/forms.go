package validate

import "sitecard/internal/webhook"

// The kinds of section a card can hold, defined here once: the form accepts these and no
// other, and models names them for the code that fills and draws them. Skills carry a
// percentage per item.
const (
	SectionSkills    = "skills"
	SectionLicense   = "license"
	SectionWork      = "work"
	SectionEducation = "education"
	SectionAwards    = "awards"
	SectionProjects  = "projects"
	// SectionLanguages lists the languages the owner speaks: the item's title is the
	// language, its subtitle the fluency.
	SectionLanguages = "languages"
)

// SectionKinds lists the kinds of section a card can hold, in the order the editor
// offers them.
func SectionKinds() []string {
	return []string{SectionSkills, SectionLicense, SectionWork, SectionEducation, SectionAwards, SectionProjects, SectionLanguages}
}

// Which résumé a card links, defined here once (models names them too).
const (
	ResumeBoth      = "both"
	ResumeGenerated = "generated"
	ResumeUploaded  = "uploaded"
)

// ResumeChoices lists the résumé choices in the order the editor offers them.
func ResumeChoices() []string { return []string{ResumeBoth, ResumeGenerated, ResumeUploaded} }

// LinkKinds lists the kinds of social link a card can hold.
func LinkKinds() []string {
	return []string{"github", "facebook", "google", "instagram", "youtube", "linkedin", "blog", "website"}
}

// ReservedSlugs would shadow a route if used as a card slug.
func ReservedSlugs() []string {
	return []string{"admin", "api", "c", "chat", "contact", "healthz", "kakao", "login", "logout",
		"media", "prefs", "readyz", "robots", "setup", "sitemap", "static", "new"}
}

// The forms of the product, by name. Each returns a fresh map so callers cannot change
// the shared rules.

// CardProfile is the card's identity and contact lines.
func CardProfile() Form {
	return Form{
		"name_ko":      {Required: true, MaxLen: 100},
		"name_en":      {MaxLen: 100},
		"job_title":    {MaxLen: 100},
		"job_title_en": {MaxLen: 100},
		"email":        {MaxLen: 254, Kind: KindEmail},
		"phone":        {MaxLen: 40},
		"site":         {MaxLen: 500, Kind: KindURL},
		"summary":      {MaxLen: 1000},
		"summary_en":   {MaxLen: 1000},
	}
}

// CardSettings is the card's address.
func CardSettings() Form {
	return Form{"slug": {Required: true, MaxLen: 64, Kind: KindSlug, Reserved: ReservedSlugs()},
		"resume_links": {OneOf: ResumeChoices()}}
}

// NewCard is the dashboard's form for a new card: its address and its name.
func NewCard() Form {
	return Form{"slug": CardSettings()["slug"], "name_ko": CardProfile()["name_ko"]}
}

// Section is one box of the card.
func Section() Form {
	return Form{
		"kind":     {Required: true, OneOf: SectionKinds()},
		"title":    {MaxLen: 100},
		"title_en": {MaxLen: 100},
	}
}

// NewSection is the editor's form for a new section: a kind chosen and a title written.
func NewSection() Form {
	f := Section()
	f["title"] = Rule{Required: true, MaxLen: 100}
	return f
}

// Item is one line of a section. Percent matters for skills only.
func Item() Form {
	return Form{
		"title":       {Required: true, MaxLen: 200},
		"title_en":    {MaxLen: 200},
		"subtitle":    {MaxLen: 200},
		"subtitle_en": {MaxLen: 200},
		"period":      {MaxLen: 100},
		"detail":      {MaxLen: 2000},
		"detail_en":   {MaxLen: 2000},
		"percent":     {Kind: KindInt, MinInt: 0, MaxInt: 100},
		"url":         {MaxLen: 500, Kind: KindURL},
		"degree":      {MaxLen: 100},
		"degree_en":   {MaxLen: 100},
		"score":       {MaxLen: 50},
	}
}

// Link is one social button.
func Link() Form {
	return Form{
		"kind":     {Required: true, OneOf: LinkKinds()},
		"label":    {MaxLen: 100},
		"label_en": {MaxLen: 100},
		"url":      {Required: true, MaxLen: 500, Kind: KindURL},
	}
}

// Login is the sign-in form.
func Login() Form {
	return Form{
		"login":    {Required: true, MaxLen: 64},
		"password": {Required: true, MaxLen: 200},
	}
}

// NewMember is the form that creates a member (and the first admin at /setup).
func NewMember() Form {
	return Form{
		"login":        {Required: true, MinLen: 3, MaxLen: 64, Kind: KindLogin},
		"password":     {Required: true, MinLen: 8, MaxLen: 200},
		"display_name": {MaxLen: 100},
		"email":        {MaxLen: 254, Kind: KindEmail},
	}
}

// Profile is a member's own name and email.
func Profile() Form {
	return Form{
		"display_name": {MaxLen: 100},
		"email":        {MaxLen: 254, Kind: KindEmail},
	}
}

// Password is the change-password form.
func Password() Form {
	return Form{
		"current":  {Required: true, MaxLen: 200},
		"password": {Required: true, MinLen: 8, MaxLen: 200},
	}
}

// Role is an admin's choice of role for a member.
func Role() Form {
	return Form{"role": {Required: true, OneOf: []string{"admin", "member"}}}
}

// Contact is a visitor's message to a card owner.
func Contact() Form {
	return Form{
		"name":    {Required: true, MaxLen: 50},
		"email":   {Required: true, MaxLen: 254, Kind: KindEmail},
		"message": {Required: true, MaxLen: 2000},
	}
}

// Chat is a visitor's question to the chatbot.
func Chat() Form {
	return Form{"question": {Required: true, MaxLen: 500}}
}

// Webhook is a member's webhook: its URL and shape.
func Webhook() Form {
	return Form{
		"webhook_url": {Required: true, MaxLen: 500, Kind: KindURL},
		"preset":      {Required: true, OneOf: webhook.Presets()},
	}
}
