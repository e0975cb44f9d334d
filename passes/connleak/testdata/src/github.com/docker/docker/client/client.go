// Package client is a stub of github.com/docker/docker/client: a Docker
// Engine API client over its own HTTP transport.
//
// Its constructors do not dial here: only the table says they return a
// fresh client (the real one's transport keeps a connection to the
// daemon's socket after each request, until Close).
package client

import "context"

// Client talks to the Docker daemon.
type Client struct{ host string }

// Opt configures a client.
type Opt func(*Client) error

// FromEnv configures the client from DOCKER_HOST and friends.
func FromEnv(c *Client) error { return nil }

// NewClientWithOpts returns a client configured by opts.
func NewClientWithOpts(opts ...Opt) (*Client, error) { return &Client{}, nil }

// ImageSummary describes an image.
type ImageSummary struct{ ID string }

// ImageList lists the images.
func (c *Client) ImageList(ctx context.Context) ([]ImageSummary, error) { return nil, nil }

// Close closes the transport's idle connections.
func (c *Client) Close() error { return nil }
