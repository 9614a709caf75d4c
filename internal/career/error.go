package career

import (
	"errors"
	"fmt"
)

// Error kinds. Every adapter translates its failures into one of these, so
// that callers (the HTTP server, the CLI) decide what to show by kind alone.
const (
	EINVALID     = "invalid_argument"
	ENOTFOUND    = "not_found"
	EUNAVAILABLE = "unavailable"
	EINTERNAL    = "internal"
	// ETOOMANY means the client sent more requests than its rate limit
	// allows; it should retry after a while.
	ETOOMANY = "rate_limited"
)

// Error is a domain error with a kind and a message meant for the user.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error of the given kind.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the kind of err: the code of the first *Error in its
// chain, or EINTERNAL for anything else.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err. Internal errors get a
// generic message so that paths and other details never reach a client.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
