package sources

import (
	"builderlib"
	"errors"
	"net"
)

// A func type whose implementations in its package all return a fresh
// owner of a conn is a constructor by contract: its value in an option
// struct (a default, or the user's own replacement) builds a new one per
// call, and the caller owns what it returns (goka's topic manager
// builder before its fix).

// Session owns a conn to a broker.
type Session interface {
	Topics() ([]string, error)
	Close() error
}

type session struct{ conn net.Conn }

func (s *session) Topics() ([]string, error) { return nil, nil }
func (s *session) Close() error              { return s.conn.Close() }

// SessionBuilder builds a session to one of the brokers.
type SessionBuilder func(brokers []string) (Session, error)

// DefaultSessionBuilder dials the first broker.
func DefaultSessionBuilder(brokers []string) (Session, error) {
	if len(brokers) == 0 {
		return nil, errors.New("no broker")
	}
	conn, err := net.Dial("tcp", brokers[0])
	if err != nil {
		return nil, err
	}
	return &session{conn: conn}, nil
}

// SessionBuilderWithPort dials the first broker at port.
func SessionBuilderWithPort(port string) SessionBuilder {
	return func(brokers []string) (Session, error) {
		conn, err := net.Dial("tcp", net.JoinHostPort(brokers[0], port))
		if err != nil {
			return nil, err
		}
		return &session{conn: conn}, nil
	}
}

type builders struct {
	session SessionBuilder
}

type consumerOptions struct {
	builders builders
}

// WithSessionBuilder replaces the default builder.
func WithSessionBuilder(b SessionBuilder) func(*consumerOptions) {
	return func(o *consumerOptions) { o.builders.session = b }
}

func newConsumerOptions(opts ...func(*consumerOptions)) *consumerOptions {
	o := &consumerOptions{builders: builders{session: DefaultSessionBuilder}}
	for _, opt := range opts {
		opt(o)
	}
	return o
}

type consumer struct {
	opts    *consumerOptions
	brokers []string
	topics  []string
}

// run builds a session to list the topics and never closes it.
func (c *consumer) run() error {
	s, err := c.opts.builders.session(c.brokers) // want `Session s from c\.opts\.builders\.session is not closed on the error return at line 87 and on 1 other path`
	if err != nil {
		return err
	}
	topics, err := s.Topics()
	if err != nil {
		return err
	}
	c.topics = topics
	return nil
}

func (c *consumer) runClean() error {
	s, err := c.opts.builders.session(c.brokers)
	if err != nil {
		return err
	}
	defer s.Close()
	topics, err := s.Topics()
	if err != nil {
		return err
	}
	c.topics = topics
	return nil
}

// A func type with an implementation that returns a shared session is
// not a constructor: what its value returns may belong to someone else.

type cachedBuilder func() (Session, error)

var shared Session

func sharedSession() (Session, error) {
	if shared == nil {
		return nil, errors.New("not connected")
	}
	return shared, nil
}

func freshSession() (Session, error) {
	return DefaultSessionBuilder([]string{"localhost:9092"})
}

func pickBuilder(cached bool) cachedBuilder {
	if cached {
		return sharedSession
	}
	return freshSession
}

func topicsVia(b cachedBuilder) ([]string, error) {
	s, err := b()
	if err != nil {
		return nil, err
	}
	return s.Topics()
}

// The builder type of another package: its fact says what it builds.

type prober struct{ opts builderlib.Options }

func (p *prober) probe(addr string) error {
	c, err := p.opts.Build(addr) // want `\*builderlib\.Client c from p\.opts\.Build is not closed on the error return at line 150`
	if err != nil {
		return err
	}
	if err := c.Ping(); err != nil {
		return err
	}
	return c.Close()
}

func (p *prober) probeClean(addr string) error {
	c, err := p.opts.Build(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Ping()
}
