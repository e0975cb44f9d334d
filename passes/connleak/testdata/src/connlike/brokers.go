package connlike

import (
	"errors"

	"github.com/DataDog/datadog-go/v5/statsd"
	"github.com/streadway/amqp"
)

// dialBroker returns the AMQP connection with the error when opening a
// channel on it fails (dapr's rabbitmq pubsub): its caller drops it.
func dialBroker(url string) (*amqp.Connection, *amqp.Channel, error) {
	conn, err := amqp.Dial(url) // want `\*amqp\.Connection conn from amqp\.Dial is not closed on the error return at line 19`
	if err != nil {
		return nil, nil, err
	}
	ch, err := conn.Channel()
	if err != nil {
		return conn, nil, err
	}
	return conn, ch, nil
}

// dialBrokerClean closes it there: clean.
func dialBrokerClean(url string) (*amqp.Connection, *amqp.Channel, error) {
	conn, err := amqp.Dial(url)
	if err != nil {
		return nil, nil, err
	}
	ch, err := conn.Channel()
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	return conn, ch, nil
}

type tracer struct{ statsd *statsd.Client }

func parseRules(s string) error {
	if s == "" {
		return errors.New("no rules")
	}
	return nil
}

// newTracer drops the statsd client when the sampling rules do not
// parse (dd-trace-go's newUnstartedTracer).
func newTracer(addr, rules string) (*tracer, error) {
	client, err := statsd.New(addr) // want `\*statsd\.Client client from statsd\.New is not closed on the error return at line 55`
	if err != nil {
		return nil, err
	}
	if err := parseRules(rules); err != nil {
		return nil, err
	}
	return &tracer{statsd: client}, nil
}

// newTracerClean parses first: clean.
func newTracerClean(addr, rules string) (*tracer, error) {
	if err := parseRules(rules); err != nil {
		return nil, err
	}
	client, err := statsd.New(addr)
	if err != nil {
		return nil, err
	}
	client.Gauge("up", 1)
	return &tracer{statsd: client}, nil
}
