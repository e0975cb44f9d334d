package grpcclients

import (
	"context"
	"io"

	"google.golang.org/grpc"
)

// A client keeps its conn as a grpc.ClientConnInterface, which has no
// Close, and a generated client built on it; its Close gets the conn's
// Close back through a type assertion (arrow-go's flight client), so
// returning it hands the caller the conn: clean.
type serviceClient struct{ cc grpc.ClientConnInterface }

func (c *serviceClient) Get(ctx context.Context) error { return c.cc.Invoke(ctx, "/get", nil, nil) }

type flightClient struct {
	conn grpc.ClientConnInterface
	*serviceClient
}

func (c *flightClient) Close() error {
	c.serviceClient = nil
	if cl, ok := c.conn.(io.Closer); ok {
		return cl.Close()
	}
	return nil
}

type closingGetter interface {
	Get(ctx context.Context) error
	Close() error
}

func newFlightClient(addr string) (closingGetter, error) {
	conn, err := grpc.NewClient(addr)
	if err != nil {
		return nil, err
	}
	return &flightClient{conn: conn, serviceClient: &serviceClient{conn}}, nil
}

// Its twin's Close forgets the conn: the caller cannot close it.
type forgetfulClient struct {
	conn grpc.ClientConnInterface
	*serviceClient
}

func (c *forgetfulClient) Close() error {
	c.serviceClient = nil
	return nil
}

func newForgetfulClient(addr string) (closingGetter, error) {
	conn, err := grpc.NewClient(addr) // want `\*grpc\.ClientConn conn from grpc\.NewClient is not closed on the return at line 60: it gives the caller only a \*forgetfulClient built on it, whose Close leaves conn open`
	if err != nil {
		return nil, err
	}
	return &forgetfulClient{conn: conn, serviceClient: &serviceClient{conn}}, nil
}
