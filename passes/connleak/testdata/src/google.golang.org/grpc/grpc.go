// Package grpc stands for google.golang.org/grpc: a client conn that
// holds connections until it is closed.
package grpc

import "context"

// A ClientConn is a virtual connection to a gRPC server.
type ClientConn struct{ target string }

// A DialOption configures a ClientConn.
type DialOption interface{ apply() }

// NewClient creates a ClientConn for target.
func NewClient(target string, opts ...DialOption) (*ClientConn, error) {
	return &ClientConn{target: target}, nil
}

// Dial creates a ClientConn for target.
func Dial(target string, opts ...DialOption) (*ClientConn, error) {
	return NewClient(target, opts...)
}

// DialContext creates a ClientConn for target.
func DialContext(ctx context.Context, target string, opts ...DialOption) (*ClientConn, error) {
	return NewClient(target, opts...)
}

// Close tears down the ClientConn and its connections.
func (cc *ClientConn) Close() error { return nil }

// A CallOption configures a call.
type CallOption interface{ before() }

// ClientConnInterface is what generated clients need of a conn: it cannot
// close it.
type ClientConnInterface interface {
	Invoke(ctx context.Context, method string, args, reply any, opts ...CallOption) error
}

// Invoke sends an RPC.
func (cc *ClientConn) Invoke(ctx context.Context, method string, args, reply any, opts ...CallOption) error {
	return nil
}
