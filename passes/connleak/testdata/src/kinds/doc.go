// Package kinds holds connleak fixtures for kinds of conn beyond a plain
// net.Conn and the ways code reaches them: packet conns and their option
// wrappers (packet.go, packet_options.go), gRPC client conns
// (grpcconn.go), callees without a Go body (bodyless.go), type assertions
// (typeassert.go) and generic functions (generics.go).
package kinds
