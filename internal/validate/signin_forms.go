package validate

// NewPassword is a password chosen with a reset link.
func NewPassword() Form {
	return Form{"password": {Required: true, MinLen: 8, MaxLen: 200}}
}

// Forgot is the request for a reset link: the login it is for.
func Forgot() Form {
	return Form{"login": {Required: true, MaxLen: 64}}
}

// Code is a one-time code from an authenticator app, or a recovery code.
func Code() Form {
	return Form{"code": {Required: true, MaxLen: 32}}
}

// PasskeyName is the name a member gives a passkey.
func PasskeyName() Form {
	return Form{"name": {MaxLen: 60}}
}
