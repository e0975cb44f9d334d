package main

import (
	"fmt"
	"testing"
)

func TestShortName(t *testing.T) {
	for in, want := range map[string]string{
		"github.com/hashicorp/yamux":            "yamux",
		"github.com/redis/go-redis/v9":          "go-redis",
		"github.com/IBM/sarama":                 "sarama",
		"github.com/eclipse/paho.mqtt.golang":   "paho.mqtt.golang",
		"go.mongodb.org/mongo-driver/v2":        "mongo-driver",
		"github.com/emersion/go-imap/v2":        "go-imap",
		"github.com/go-telegram-bot-api/x_y/v5": "x-y",
		"github.com/hashicorp/vault/api":        "vault-api",
		"go.etcd.io/etcd/client/v3":             "etcd-client",
	} {
		if got := shortName(in); got != want {
			t.Errorf("shortName(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestPick(t *testing.T) {
	var cs []candidate
	add := func(mod, kind, src, fn string, line int) {
		cs = append(cs, candidate{Module: mod, Kind: kind, Source: src, Class: "defer", Package: mod, File: "a.go", Func: fn, Removed: line})
	}
	for i := range maxPerModuleKind + 4 {
		add("m1", "body", "interface", fmt.Sprintf("f%d", i), 10+i) // many bodies of one module
	}
	add("m1", "conn", "table", "g", 100)
	add("m1", "conn", "table", "g", 101)
	add("m1", "conn", "table", "g", 102) // a third of one function
	add("m2", "body", "table", "h", 5)
	add("m2", "body", "table", "h", 5) // the same close twice
	add("m2", "body", "table", "k", 9)
	ex := map[string]string{"m2\ta.go\t9": "read: not a leak"}
	got := pick(cs, ex)
	count := map[string]int{}
	for _, c := range got {
		count[c.Module+"/"+c.Kind]++
	}
	want := map[string]int{"m1/body": maxPerModuleKind, "m1/conn": maxPerFunc, "m2/body": 1}
	if fmt.Sprint(count) != fmt.Sprint(want) {
		t.Errorf("picked %v, want %v", count, want)
	}
}
