package connlike

import (
	"errors"
	"time"

	"github.com/go-zookeeper/zk"
)

// A ZooKeeper session holds its TCP connection (re-dialled by its own
// goroutine) until it is closed: a lookup that connects, lists the
// registered servers and returns leaves one session per call
// (gohive's ConnectZookeeper before its fix).

func registeredServer(hosts []string, ns string) (string, error) {
	zkConn, _, err := zk.Connect(hosts, time.Second) // want `\*zk\.Conn zkConn from zk\.Connect is not closed on the error return at line 22 and on 2 other paths`
	if err != nil {
		return "", err
	}
	nodes, _, err := zkConn.Children("/" + ns)
	if err != nil {
		return "", err
	}
	if len(nodes) == 0 {
		return "", errors.New("no server registered")
	}
	return nodes[0], nil
}

func registeredServerClean(hosts []string, ns string) (string, error) {
	zkConn, _, err := zk.Connect(hosts, time.Second)
	if err != nil {
		return "", err
	}
	defer zkConn.Close()
	nodes, _, err := zkConn.Children("/" + ns)
	if err != nil {
		return "", err
	}
	if len(nodes) == 0 {
		return "", errors.New("no server registered")
	}
	return nodes[0], nil
}
