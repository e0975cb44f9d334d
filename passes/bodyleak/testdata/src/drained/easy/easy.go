// Package easy stands for a third-party decoding library: functions that
// read the reader they are given, some to io.EOF and some not.
package easy

import (
	"encoding/json"
	"errors"
	"io"
)

// Unmarshal reads r to io.EOF before it parses (an easyjson-style
// UnmarshalFromReader).
func Unmarshal(r io.Reader, v any) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}

// Decode reads what one JSON value needs and stops: r is not read to
// io.EOF.
func Decode(r io.Reader, v any) error {
	return json.NewDecoder(r).Decode(v)
}

// Peek reads one byte.
func Peek(r io.Reader) error {
	var b [1]byte
	_, err := r.Read(b[:])
	if err != nil {
		return errors.New("empty")
	}
	return nil
}
