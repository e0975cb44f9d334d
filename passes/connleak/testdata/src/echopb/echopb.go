// Package echopb stands for generated gRPC client code: the client keeps
// the conn in a field and never closes it.
package echopb

import (
	"context"

	"google.golang.org/grpc"
)

// An EchoClient calls the Echo service.
type EchoClient interface {
	Echo(ctx context.Context, msg string) (string, error)
}

type echoClient struct {
	cc *grpc.ClientConn
}

// NewEchoClient returns a client that sends its calls over cc.
func NewEchoClient(cc *grpc.ClientConn) EchoClient {
	return &echoClient{cc}
}

func (c *echoClient) Echo(ctx context.Context, msg string) (string, error) {
	return msg, nil
}
