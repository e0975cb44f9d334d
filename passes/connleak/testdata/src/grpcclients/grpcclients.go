// Package grpcclients holds gRPC conns handed to generated clients, which
// use the conn but cannot close it, and to owners that can.
package grpcclients

import (
	"context"

	"echopb"
	"google.golang.org/grpc"
)

// echoOnce drops the conn when the call fails: the client it made cannot
// close it.
func echoOnce(ctx context.Context, addr string) (string, error) {
	conn, err := grpc.DialContext(ctx, addr) // want `\*grpc\.ClientConn conn from grpc\.DialContext is not closed on the error return at line 22`
	if err != nil {
		return "", err
	}
	c := echopb.NewEchoClient(conn)
	out, err := c.Echo(ctx, "hi")
	if err != nil {
		return "", err
	}
	conn.Close()
	return out, nil
}

// echoOnceClean defers Close: clean.
func echoOnceClean(ctx context.Context, addr string) (string, error) {
	conn, err := grpc.DialContext(ctx, addr)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	return echopb.NewEchoClient(conn).Echo(ctx, "hi")
}

// A session owns its conn: Stop closes it.
type session struct {
	cc   *grpc.ClientConn
	echo echopb.EchoClient
}

func (s *session) Stop() { s.cc.Close() }

// newSession hands the conn to a session, which owns it (silent).
func newSession(ctx context.Context, addr string) (*session, error) {
	conn, err := grpc.DialContext(ctx, addr)
	if err != nil {
		return nil, err
	}
	return &session{cc: conn, echo: echopb.NewEchoClient(conn)}, nil
}

// An Agent pings; its implementation uses a conn and has no way to
// close it.
type Agent interface {
	Ping(ctx context.Context) error
}

type agent struct {
	cc *grpc.ClientConn
}

func (a *agent) Ping(ctx context.Context) error { return nil }

// newAgent returns the conn inside an agent, as an Agent, which cannot
// close it: no caller can.
func newAgent(ctx context.Context, addr string) (Agent, error) {
	conn, err := grpc.DialContext(ctx, addr) // want `\*grpc\.ClientConn conn from grpc\.DialContext is not closed on the return at line 74: it gives the caller only an \*agent built on it, which has no Close, so the caller cannot close conn`
	if err != nil {
		return nil, err
	}
	return &agent{cc: conn}, nil
}
