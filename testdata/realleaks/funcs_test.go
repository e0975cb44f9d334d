package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const funcsSrc = `package p

func Open() {}

type Session struct{}

func (s *Session) Open() {
	_ = s
}

func (Session) Close() {}

type List[T any] struct{}

func (l *List[T]) Push(v T) {
}

type Pair[K comparable, V any] struct{}

func (p Pair[K, V]) Key() K {
	var k K
	return k
}

func (p *(Session)) Paren() {}

func Generic[T any](v T) T {
	return v
}
`

func TestFindFunc(t *testing.T) {
	file := filepath.Join(t.TempDir(), "p.go")
	if err := os.WriteFile(file, []byte(funcsSrc), 0o666); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		spec string
		want span
		err  string
	}{
		{"Open", span{3, 3}, ""},
		{"(*Session).Open", span{7, 9}, ""},
		{"(Session).Close", span{11, 11}, ""},
		{"(*List).Push", span{15, 16}, ""},
		{"(*List[T]).Push", span{15, 16}, ""},
		{"(Pair).Key", span{20, 23}, ""},
		{"(Pair[K, V]).Key", span{20, 23}, ""},
		{"(*Session).Paren", span{25, 25}, ""},
		{"Generic", span{27, 29}, ""},
		{"(Session).Open", span{}, "no func (Session).Open in " + file + " (there is Open, (*Session).Open)"},
		{"(*Session).Close", span{}, "(there is (Session).Close)"},
		{"Close", span{}, "(there is (Session).Close)"},
		{"(Pair).Push", span{}, "(there is (*List).Push)"},
		{"Missing", span{}, "no func Missing in " + file},
	} {
		got, err := findFunc(file, tt.spec)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("findFunc(%s): got %v, %v; want error …%s", tt.spec, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("findFunc(%s) = %v, %v; want %v", tt.spec, got, err, tt.want)
		}
	}
	if _, err := findFunc(filepath.Join(t.TempDir(), "missing.go"), "Open"); err == nil {
		t.Error("findFunc on a missing file: no error")
	}
}
