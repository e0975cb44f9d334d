// Package pgx is a stub of github.com/jackc/pgx/v5: a single connection
// to a PostgreSQL server.
//
// Its constructors do not dial: only the table says they return a
// fresh connection (as the real ones, whose bodies no summary can
// follow, need it to).
package pgx

import (
	"context"
	"net"
)

// Conn is a connection to a PostgreSQL server.
type Conn struct{ conn net.Conn }

// ConnConfig configures a connection.
type ConnConfig struct{ Addr string }

// Connect connects to the server connString names.
func Connect(ctx context.Context, connString string) (*Conn, error) {
	return ConnectConfig(ctx, &ConnConfig{Addr: connString})
}

// ConnectConfig connects with config.
func ConnectConfig(ctx context.Context, config *ConnConfig) (*Conn, error) {
	return &Conn{}, nil
}

// Ping checks the connection.
func (c *Conn) Ping(ctx context.Context) error { return nil }

// Close closes the connection.
func (c *Conn) Close(ctx context.Context) error { return c.conn.Close() }
