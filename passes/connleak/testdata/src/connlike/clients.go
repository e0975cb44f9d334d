package connlike

import (
	"encoding/json"
	"errors"

	"github.com/IBM/sarama"
	"github.com/pion/webrtc/v4"
)

// topicPartitions drops the client, connected to a seed broker, when
// the topic has no partitions.
func topicPartitions(addrs []string, conf *sarama.Config, topic string) (sarama.Client, []int32, error) {
	client, err := sarama.NewClient(addrs, conf) // want `sarama\.Client client from sarama\.NewClient is not closed on the error return at line 24`
	if err != nil {
		return nil, nil, err
	}
	parts, err := client.Partitions(topic)
	if err != nil {
		client.Close()
		return nil, nil, err
	}
	if len(parts) == 0 {
		return nil, nil, errors.New("no partitions")
	}
	return client, parts, nil
}

// topicPartitionsClean closes it there: clean.
func topicPartitionsClean(addrs []string, conf *sarama.Config, topic string) (sarama.Client, []int32, error) {
	client, err := sarama.NewClient(addrs, conf)
	if err != nil {
		return nil, nil, err
	}
	parts, err := client.Partitions(topic)
	if err != nil || len(parts) == 0 {
		client.Close()
		return nil, nil, errors.New("no partitions")
	}
	return client, parts, nil
}

// offer drops the peer connection, gathering on its UDP sockets, when
// the offer cannot be encoded (anacrolix/torrent's webtorrent announce
// before its fix).
func offer(cfg webrtc.Configuration) (*webrtc.PeerConnection, []byte, error) {
	pc, err := webrtc.NewPeerConnection(cfg) // want `\*webrtc\.PeerConnection pc from webrtc\.NewPeerConnection is not closed on the error return at line 57 and on 1 other path \(its fd and port leak`
	if err != nil {
		return nil, nil, err
	}
	desc, err := pc.CreateOffer()
	if err != nil {
		pc.Close()
		return nil, nil, err
	}
	if err := pc.SetLocalDescription(desc); err != nil {
		return nil, nil, err
	}
	b, err := json.Marshal(desc)
	if err != nil {
		return nil, nil, err
	}
	return pc, b, nil
}

// newAdmin drops the client, connected to a seed broker, when the admin
// cannot be built on it: NewClusterAdminFromClient, in another package,
// takes a sarama.Client (an interface with more than a conn's methods)
// and returns an error without closing it (sarama's NewClusterAdmin
// before its fix).
func newAdmin(addrs []string, conf *sarama.Config) (sarama.ClusterAdmin, error) {
	client, err := sarama.NewClient(addrs, conf) // want `sarama\.Client client from sarama\.NewClient is not closed on the error return at line 78`
	if err != nil {
		return nil, err
	}
	admin, err := sarama.NewClusterAdminFromClient(client)
	if err != nil {
		return nil, err
	}
	return admin, nil
}

// newAdminClean closes it there: clean.
func newAdminClean(addrs []string, conf *sarama.Config) (sarama.ClusterAdmin, error) {
	client, err := sarama.NewClient(addrs, conf)
	if err != nil {
		return nil, err
	}
	admin, err := sarama.NewClusterAdminFromClient(client)
	if err != nil {
		client.Close()
		return nil, err
	}
	return admin, nil
}
