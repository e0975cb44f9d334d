package kinds

import (
	"context"
	"errors"

	"google.golang.org/grpc"
)

// dialGRPC returns the client conn of a dial helper (etcd's Client.Dial).
func dialGRPC(ctx context.Context, ep string) (*grpc.ClientConn, error) {
	return grpc.DialContext(ctx, ep)
}

// maintenanceDial drops the client conn when fetching a token fails
// (etcd's NewMaintenance dial func).
func maintenanceDial(ctx context.Context, ep string, token func() error) (*grpc.ClientConn, error) {
	conn, err := dialGRPC(ctx, ep) // want `\*grpc\.ClientConn conn from dialGRPC is not closed on the error return`
	if err != nil {
		return nil, err
	}
	if err := token(); err != nil {
		return nil, err
	}
	return conn, nil
}

// maintenanceDialClean closes it.
func maintenanceDialClean(ctx context.Context, ep string, token func() error) (*grpc.ClientConn, error) {
	conn, err := dialGRPC(ctx, ep)
	if err != nil {
		return nil, err
	}
	if err := token(); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

// newClientChecked drops the conn of grpc.NewClient on a validation error.
func newClientChecked(target string) (*grpc.ClientConn, error) {
	cc, err := grpc.NewClient(target) // want `\*grpc\.ClientConn cc from grpc\.NewClient is not closed on the error return`
	if err != nil {
		return nil, err
	}
	if target == "" {
		return nil, errors.New("empty target")
	}
	return cc, nil
}
