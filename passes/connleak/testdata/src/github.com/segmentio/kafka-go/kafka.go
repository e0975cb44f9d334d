// Package kafka is a stub of github.com/segmentio/kafka-go: a connection
// to one Kafka broker.
//
// Its constructors do not dial: only the table says they return a
// fresh connection (as the real ones, whose bodies no summary can
// follow, need it to).
package kafka

import (
	"context"
	"net"
)

// Conn is a connection to a broker.
type Conn struct{ conn net.Conn }

// Dialer dials brokers.
type Dialer struct{}

// Partition is a topic partition.
type Partition struct{ ID int }

// Dial connects to the broker at address.
func Dial(network, address string) (*Conn, error) {
	return (&Dialer{}).Dial(network, address)
}

// DialContext connects to the broker at address.
func DialContext(ctx context.Context, network, address string) (*Conn, error) {
	return (&Dialer{}).DialContext(ctx, network, address)
}

// DialLeader connects to the leader of a topic's partition.
func DialLeader(ctx context.Context, network, address, topic string, partition int) (*Conn, error) {
	return (&Dialer{}).DialContext(ctx, network, address)
}

// Dial connects to the broker at address.
func (d *Dialer) Dial(network, address string) (*Conn, error) {
	return d.DialContext(context.Background(), network, address)
}

// DialContext connects to the broker at address.
func (d *Dialer) DialContext(ctx context.Context, network, address string) (*Conn, error) {
	return &Conn{}, nil
}

// DialLeader connects to the leader of a topic's partition.
func (d *Dialer) DialLeader(ctx context.Context, network, address, topic string, partition int) (*Conn, error) {
	return d.DialContext(ctx, network, address)
}

// ReadPartitions lists partitions.
func (c *Conn) ReadPartitions(topics ...string) ([]Partition, error) { return nil, nil }

// Close closes the connection.
func (c *Conn) Close() error { return c.conn.Close() }
