package services

import "regexp"

// SlugPattern is what a card slug may look like: lowercase letters, digits and inner hyphens.
var SlugPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$`)
