// Package sarama is a stub of the Kafka client's constructors.
package sarama

import "errors"

// Config configures a client.
type Config struct{ ClientID string }

// Client holds broker connections until it is closed.
type Client interface {
	Controller() (*Broker, error)
	Partitions(topic string) ([]int32, error)
	Close() error
}

// Broker is one broker connection.
type Broker struct{ addr string }

// ClusterAdmin administers a cluster through a client it owns.
type ClusterAdmin interface {
	Close() error
}

// NewClient connects to a seed broker.
func NewClient(addrs []string, conf *Config) (Client, error) {
	if len(addrs) == 0 {
		return nil, errors.New("no brokers")
	}
	return nil, nil
}

type clusterAdmin struct{ client Client }

func (ca *clusterAdmin) Close() error { return ca.client.Close() }

// NewClusterAdminFromClient builds an admin that owns client; it fails,
// leaving client open, when the controller cannot be found.
func NewClusterAdminFromClient(client Client) (ClusterAdmin, error) {
	if _, err := client.Controller(); err != nil {
		return nil, err
	}
	return &clusterAdmin{client: client}, nil
}
