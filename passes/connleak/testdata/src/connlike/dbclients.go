package connlike

import (
	"context"
	"errors"
	"time"

	"github.com/go-ldap/ldap/v3"
	"github.com/jackc/pgx/v5"
	"github.com/nats-io/nats.go"
	"github.com/segmentio/kafka-go"
)

// Database and messaging clients that are one connection to one server
// (a NATS conn, a pgx conn, a kafka-go broker conn, an LDAP conn): a
// check that connects, asks, and returns without closing leaves the
// connection open, once per call (jsm.go's monitor checks).

func checkNATS(url string, warn time.Duration) error {
	nc, err := nats.Connect(url) // want `\*nats\.Conn nc from nats\.Connect is not closed on the error return at line 26 and on 1 other path`
	if err != nil {
		return err
	}
	rtt, err := nc.RTT()
	if err != nil {
		return err
	}
	if rtt > warn {
		return errors.New("slow")
	}
	nc.Close()
	return nil
}

func checkNATSClean(url string) error {
	nc, err := nats.Connect(url)
	if err != nil {
		return err
	}
	defer nc.Close()
	_, err = nc.RTT()
	return err
}

// Drain closes the connection once its subscriptions are flushed.
func checkNATSDrain(o nats.Options) error {
	nc, err := o.Connect()
	if err != nil {
		return err
	}
	defer nc.Drain()
	_, err = nc.Request("ping", nil, time.Second)
	return err
}

func pingPostgres(ctx context.Context, dsn string) error {
	conn, err := pgx.Connect(ctx, dsn) // want `\*pgx\.Conn conn from pgx\.Connect is not closed on the error return at line 62`
	if err != nil {
		return err
	}
	if err := conn.Ping(ctx); err != nil {
		return err
	}
	return conn.Close(ctx)
}

func pingPostgresClean(ctx context.Context, dsn string) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	return conn.Ping(ctx)
}

func partitions(ctx context.Context, addr, topic string) (int, error) {
	conn, err := kafka.DialLeader(ctx, "tcp", addr, topic, 0) // want `\*kafka\.Conn conn from kafka\.DialLeader is not closed on the io\.EOF return at line 83 and on 1 other path`
	if err != nil {
		return 0, err
	}
	ps, err := conn.ReadPartitions(topic)
	if err != nil {
		return 0, err
	}
	return len(ps), nil
}

func partitionsClean(addr, topic string) (int, error) {
	conn, err := kafka.Dial("tcp", addr)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	ps, err := conn.ReadPartitions(topic)
	return len(ps), err
}

func ldapBind(url, user, pass string) (*ldap.Conn, error) {
	l, err := ldap.DialURL(url) // want `\*ldap\.Conn l from ldap\.DialURL is not closed on the error return at line 104`
	if err != nil {
		return nil, err
	}
	if err := l.Bind(user, pass); err != nil {
		return nil, err
	}
	return l, nil
}

func ldapBindClean(url, user, pass string) (*ldap.Conn, error) {
	l, err := ldap.DialURL(url)
	if err != nil {
		return nil, err
	}
	if err := l.Bind(user, pass); err != nil {
		l.Close()
		return nil, err
	}
	return l, nil
}
