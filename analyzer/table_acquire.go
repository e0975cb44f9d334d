package analyzer

// This file and the other table_*.go files hold closewait's knowledge of
// APIs as data, split by topic. Functions are keyed by their
// types.Func.FullName() strings: "net.Dial", "(*net.Dialer).Dial",
// "(net.Listener).Accept", "(*net/http.Client).Do" (TestTableKeysResolve
// resolves every standard-library one). This file lists the functions
// that acquire a resource, and what their calls say about it.

// An acquirer is a function whose result at index Result is a fresh resource.
type acquirer struct {
	Kind   Kind
	Result int
}

// acquirers lists the functions that return a resource the caller must close.
var acquirers = map[string]acquirer{
	// Connections.
	"net.Dial":                              {Conn, 0},
	"net.DialTimeout":                       {Conn, 0},
	"net.DialTCP":                           {Conn, 0},
	"net.DialUDP":                           {Conn, 0},
	"net.DialUnix":                          {Conn, 0},
	"net.DialIP":                            {Conn, 0},
	"(*net.Dialer).Dial":                    {Conn, 0},
	"(*net.Dialer).DialContext":             {Conn, 0},
	"(*net.Dialer).DialTCP":                 {Conn, 0},
	"(*net.Dialer).DialUDP":                 {Conn, 0},
	"(*net.Dialer).DialUnix":                {Conn, 0},
	"(*net.Dialer).DialIP":                  {Conn, 0},
	"crypto/tls.Dial":                       {Conn, 0},
	"crypto/tls.DialWithDialer":             {Conn, 0},
	"(*crypto/tls.Dialer).Dial":             {Conn, 0},
	"(*crypto/tls.Dialer).DialContext":      {Conn, 0},
	"(net.Listener).Accept":                 {Conn, 0},
	"(*net.TCPListener).Accept":             {Conn, 0},
	"(*net.TCPListener).AcceptTCP":          {Conn, 0},
	"(*net.UnixListener).Accept":            {Conn, 0},
	"(*net.UnixListener).AcceptUnix":        {Conn, 0},
	"net.FileConn":                          {Conn, 0},
	"net.FilePacketConn":                    {Conn, 0},
	"net.ListenPacket":                      {Conn, 0},
	"net.ListenUDP":                         {Conn, 0},
	"net.ListenUnixgram":                    {Conn, 0},
	"net.ListenIP":                          {Conn, 0},
	"net.ListenMulticastUDP":                {Conn, 0},
	"(*net.ListenConfig).ListenPacket":      {Conn, 0},
	"(net/http.Hijacker).Hijack":            {Conn, 0},
	"(*net/http.ResponseController).Hijack": {Conn, 0},
	// A socket's File is a duplicate of its descriptor: while the
	// *os.File is open the socket stays open, even after its conn is
	// closed (the peer's FIN then leaves it in CLOSE_WAIT).
	// (TCPConn, UDPConn, UnixConn and IPConn get it from the unexported
	// net.conn they embed.)
	"(*net.conn).File": {Conn, 0},
	// Connection-like clients: each holds its connections (and
	// goroutines) until it is closed. A gRPC client conn, an etcd client
	// (over gRPC), an SSH client (over its TCP conn), websocket conns
	// (over a dialled or hijacked TCP conn), QUIC conns (over a UDP
	// socket, closed with CloseWithError).
	"google.golang.org/grpc.Dial":                        {Conn, 0},
	"google.golang.org/grpc.DialContext":                 {Conn, 0},
	"google.golang.org/grpc.NewClient":                   {Conn, 0},
	"go.etcd.io/etcd/client/v3.New":                      {Conn, 0},
	"golang.org/x/crypto/ssh.Dial":                       {Conn, 0},
	"golang.org/x/crypto/ssh.NewClientConn":              {Conn, 0},
	"(*github.com/gorilla/websocket.Dialer).Dial":        {Conn, 0},
	"(*github.com/gorilla/websocket.Dialer).DialContext": {Conn, 0},
	"(*github.com/gorilla/websocket.Upgrader).Upgrade":   {Conn, 0},
	"github.com/coder/websocket.Dial":                    {Conn, 0},
	"github.com/coder/websocket.Accept":                  {Conn, 0},
	"golang.org/x/net/websocket.Dial":                    {Conn, 0},
	"golang.org/x/net/websocket.DialConfig":              {Conn, 0},
	// AMQP clients: a connection to the broker (TCP or TLS), with its
	// heartbeat and reader goroutines, until it is closed.
	"github.com/streadway/amqp.Dial":                      {Conn, 0},
	"github.com/streadway/amqp.DialTLS":                   {Conn, 0},
	"github.com/streadway/amqp.DialConfig":                {Conn, 0},
	"github.com/streadway/amqp.DialTLS_ExternalAuth":      {Conn, 0},
	"github.com/rabbitmq/amqp091-go.Dial":                 {Conn, 0},
	"github.com/rabbitmq/amqp091-go.DialTLS":              {Conn, 0},
	"github.com/rabbitmq/amqp091-go.DialConfig":           {Conn, 0},
	"github.com/rabbitmq/amqp091-go.DialTLS_ExternalAuth": {Conn, 0},
	"github.com/Azure/go-amqp.Dial":                       {Conn, 0},
	"github.com/vcabbage/amqp.Dial":                       {Conn, 0},
	"pack.ag/amqp.Dial":                                   {Conn, 0}, // vcabbage/amqp's import path
	// DHCP clients that open their own socket (a raw or UDP packet conn)
	// and run a receive loop on it until they are closed. (NewWithConn
	// uses the caller's conn.)
	"github.com/insomniacslk/dhcp/dhcpv4/nclient4.New": {Conn, 0},
	"github.com/insomniacslk/dhcp/dhcpv6/nclient6.New": {Conn, 0},
	// A DogStatsD client: a UDP (or unixgram) socket and the goroutines
	// that flush to it, until it is closed.
	"github.com/DataDog/datadog-go/statsd.New":    {Conn, 0},
	"github.com/DataDog/datadog-go/v5/statsd.New": {Conn, 0},
	// Kafka clients (sarama, under both its module paths) connect to a
	// seed broker before they return, and the producers, consumers and
	// admins built from addresses own a client of their own. (The
	// …FromClient constructors share the caller's client.)
	"github.com/IBM/sarama.NewClient":            {Conn, 0},
	"github.com/IBM/sarama.NewClusterAdmin":      {Conn, 0},
	"github.com/IBM/sarama.NewSyncProducer":      {Conn, 0},
	"github.com/IBM/sarama.NewAsyncProducer":     {Conn, 0},
	"github.com/IBM/sarama.NewConsumer":          {Conn, 0},
	"github.com/IBM/sarama.NewConsumerGroup":     {Conn, 0},
	"github.com/Shopify/sarama.NewClient":        {Conn, 0},
	"github.com/Shopify/sarama.NewClusterAdmin":  {Conn, 0},
	"github.com/Shopify/sarama.NewSyncProducer":  {Conn, 0},
	"github.com/Shopify/sarama.NewAsyncProducer": {Conn, 0},
	"github.com/Shopify/sarama.NewConsumer":      {Conn, 0},
	"github.com/Shopify/sarama.NewConsumerGroup": {Conn, 0},
	// A WebRTC peer connection gathers ICE candidates on UDP sockets of
	// its own and keeps them, with its goroutines, until it is closed.
	"github.com/pion/webrtc/v4.NewPeerConnection":        {Conn, 0},
	"(*github.com/pion/webrtc/v4.API).NewPeerConnection": {Conn, 0},
	"github.com/pion/webrtc/v3.NewPeerConnection":        {Conn, 0},
	"(*github.com/pion/webrtc/v3.API).NewPeerConnection": {Conn, 0},
	"github.com/pion/webrtc/v2.NewPeerConnection":        {Conn, 0},
	"(*github.com/pion/webrtc/v2.API).NewPeerConnection": {Conn, 0},
	// DTLS over a UDP socket of its own: a listener and a dialed conn.
	"github.com/pion/dtls/v2.Listen":          {Listener, 0},
	"github.com/pion/dtls/v2.Dial":            {Conn, 0},
	"github.com/pion/dtls/v2.DialWithContext": {Conn, 0},
	"github.com/pion/dtls/v3.Listen":          {Listener, 0},
	"github.com/pion/dtls/v3.Dial":            {Conn, 0},
	"github.com/pion/dtls/v3.DialWithOptions": {Conn, 0},
	// QUIC: only what opens a UDP socket of its own. A conn from
	// quic.Dial (over the caller's packet conn), a Transport's Dial or a
	// listener's Accept shares a socket that something else owns and
	// closes itself when idle: dropping it leaks no fd.
	"github.com/quic-go/quic-go.DialAddr":        {Conn, 0},
	"github.com/quic-go/quic-go.DialAddrEarly":   {Conn, 0},
	"github.com/quic-go/quic-go.ListenAddr":      {Listener, 0},
	"github.com/quic-go/quic-go.ListenAddrEarly": {Listener, 0},

	// Database and messaging clients that are one connection to one
	// server, with their reader goroutines, until closed (a NATS conn,
	// which Drain also closes; a pgx conn, closed with Close(ctx); a
	// kafka-go broker conn; an LDAP conn). Pools (database/sql, pgxpool,
	// go-redis clients) are not: they connect lazily and keep no
	// connection a caller could leak by one call.
	"github.com/nats-io/nats.go.Connect":                  {Conn, 0},
	"(github.com/nats-io/nats.go.Options).Connect":        {Conn, 0},
	"github.com/jackc/pgx/v5.Connect":                     {Conn, 0},
	"github.com/jackc/pgx/v5.ConnectConfig":               {Conn, 0},
	"github.com/jackc/pgx/v4.Connect":                     {Conn, 0},
	"github.com/jackc/pgx/v4.ConnectConfig":               {Conn, 0},
	"github.com/segmentio/kafka-go.Dial":                  {Conn, 0},
	"github.com/segmentio/kafka-go.DialContext":           {Conn, 0},
	"github.com/segmentio/kafka-go.DialLeader":            {Conn, 0},
	"(*github.com/segmentio/kafka-go.Dialer).Dial":        {Conn, 0},
	"(*github.com/segmentio/kafka-go.Dialer).DialContext": {Conn, 0},
	"(*github.com/segmentio/kafka-go.Dialer).DialLeader":  {Conn, 0},
	"github.com/go-ldap/ldap/v3.DialURL":                  {Conn, 0},
	"github.com/go-ldap/ldap/v3.Dial":                     {Conn, 0},
	"github.com/go-ldap/ldap/v3.DialTLS":                  {Conn, 0},
	// A Docker Engine API client: its own HTTP transport keeps a
	// connection to the daemon (its unix socket, or TCP or SSH) after
	// each request, until Close. A MongoDB client: its monitors connect
	// to the deployment's servers as soon as it is made, until
	// Disconnect (v1 and v2 of the driver).
	"github.com/docker/docker/client.NewClientWithOpts": {Conn, 0},
	"github.com/docker/docker/client.NewEnvClient":      {Conn, 0},
	"github.com/docker/docker/client.NewClient":         {Conn, 0},
	"go.mongodb.org/mongo-driver/mongo.Connect":         {Conn, 0},
	"go.mongodb.org/mongo-driver/v2/mongo.Connect":      {Conn, 0},
	// A ZooKeeper session: its goroutine dials one server of the
	// ensemble, and re-dials, until the session is closed (under both
	// of the client's module paths).
	"github.com/go-zookeeper/zk.Connect":                  {Conn, 0},
	"github.com/go-zookeeper/zk.ConnectWithDialer":        {Conn, 0},
	"github.com/samuel/go-zookeeper/zk.Connect":           {Conn, 0},
	"github.com/samuel/go-zookeeper/zk.ConnectWithDialer": {Conn, 0},

	// Listeners.
	"net.Listen":                 {Listener, 0},
	"net.ListenTCP":              {Listener, 0},
	"net.ListenUnix":             {Listener, 0},
	"net.FileListener":           {Listener, 0},
	"crypto/tls.Listen":          {Listener, 0},
	"(*net.TCPListener).File":    {Listener, 0},
	"(*net.UnixListener).File":   {Listener, 0},
	"(*net.ListenConfig).Listen": {Listener, 0},

	// Response bodies: the resource is the *http.Response; its Body is closed.
	"net/http.Get":                      {Body, 0},
	"net/http.Head":                     {Body, 0},
	"net/http.Post":                     {Body, 0},
	"net/http.PostForm":                 {Body, 0},
	"(*net/http.Client).Do":             {Body, 0},
	"(*net/http.Client).Get":            {Body, 0},
	"(*net/http.Client).Head":           {Body, 0},
	"(*net/http.Client).Post":           {Body, 0},
	"(*net/http.Client).PostForm":       {Body, 0},
	"(net/http.RoundTripper).RoundTrip": {Body, 0},
	"(*net/http.Transport).RoundTrip":   {Body, 0},
}

// networkParams gives, for the acquirers that take one, the parameter
// (receiver not counted) holding the network name: "udp" there makes a
// datagram socket. Other functions' network is a string parameter named
// network, if any.
var networkParams = map[string]int{
	"net.Dial":                         0,
	"net.DialTimeout":                  0,
	"(*net.Dialer).Dial":               0,
	"(*net.Dialer).DialContext":        1,
	"crypto/tls.Dial":                  0,
	"crypto/tls.DialWithDialer":        1,
	"(*crypto/tls.Dialer).Dial":        0,
	"(*crypto/tls.Dialer).DialContext": 1,
	"net.Listen":                       0,
	"net.ListenPacket":                 0,
	"(*net.ListenConfig).Listen":       1,
	"(*net.ListenConfig).ListenPacket": 1,
}

// unixAcquirers lists the acquirers of unix sockets whose network is not
// an argument: no CLOSE_WAIT and no port.
var unixAcquirers = map[string]bool{
	"net.ListenUnixgram": true,
}

// anySocketAcquirers lists the acquirers of conns made from a file
// descriptor, whose socket may be of any type (TCP, UDP, unix): what
// leaks is said without TCP states or ports.
var anySocketAcquirers = map[string]bool{
	"net.FileConn": true,
}

// packetAcquirers lists the acquirers of datagram (or raw) sockets, which
// have no connection to close: they never reach CLOSE_WAIT, but their fds
// and ports leak all the same.
var packetAcquirers = map[string]bool{
	"net.DialUDP":                      true,
	"net.DialIP":                       true,
	"net.ListenPacket":                 true,
	"net.ListenUDP":                    true,
	"net.ListenUnixgram":               true,
	"net.ListenIP":                     true,
	"net.ListenMulticastUDP":           true,
	"net.FilePacketConn":               true,
	"(*net.ListenConfig).ListenPacket": true,
	"(*net.Dialer).DialUDP":            true,
	"(*net.Dialer).DialIP":             true,
	// A WebRTC peer connection's sockets are UDP.
	"github.com/pion/webrtc/v4.NewPeerConnection":        true,
	"(*github.com/pion/webrtc/v4.API).NewPeerConnection": true,
	"github.com/pion/webrtc/v3.NewPeerConnection":        true,
	"(*github.com/pion/webrtc/v3.API).NewPeerConnection": true,
	"github.com/pion/webrtc/v2.NewPeerConnection":        true,
	"(*github.com/pion/webrtc/v2.API).NewPeerConnection": true,
	// QUIC runs over UDP: a leaked conn that made its own socket keeps it
	// and its goroutines, but no TCP state.
	"github.com/insomniacslk/dhcp/dhcpv4/nclient4.New": true,
	"github.com/insomniacslk/dhcp/dhcpv6/nclient6.New": true,
	"github.com/DataDog/datadog-go/statsd.New":         true,
	"github.com/DataDog/datadog-go/v5/statsd.New":      true,
	"github.com/quic-go/quic-go.DialAddr":              true,
	"github.com/quic-go/quic-go.DialAddrEarly":         true,
}

// fileAcquirers rebuild a resource from the *os.File passed as the given
// parameter: its type is that of the socket behind the file, fixed only
// if the program made that socket (fileMakers), not if it inherited it.
var fileAcquirers = map[string]int{
	"net.FileConn":       0,
	"net.FilePacketConn": 0,
	"net.FileListener":   0,
}

// fileMakers wrap the descriptor passed as the given parameter in an
// *os.File.
var fileMakers = map[string]int{"os.NewFile": 0}

// defaultExempt lists results that look like resources but need no Close,
// as documented by their packages: the handshake response of websocket
// dialers (its body is already consumed or replaced).
const defaultExempt = "(*github.com/gorilla/websocket.Dialer).Dial:1," +
	"(*github.com/gorilla/websocket.Dialer).DialContext:1," +
	"github.com/coder/websocket.Dial:1," +
	"nhooyr.io/websocket.Dial:1" // the default of -closewait.exempt
